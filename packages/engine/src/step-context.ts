/** What a step may use besides its state. The runtime builds it; the engine only passes it through. */
export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  /** A logger adding `bindings` to every line (process id, workflow, step); optional for hand-written loggers. */
  child?(bindings: Record<string, unknown>): Logger;
}

/**
 * Services a runtime offers to steps beyond the basics. Packages that add a service (the subscription repository
 * of `@wfo/domain`) declare it here through module augmentation, so `ctx.subscriptions` is typed for authors.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StepServices {}

export interface StepContext extends StepServices {
  /** The process this step runs for. */
  readonly processId: string;
  /** The workflow's registry key. */
  readonly workflowKey: string;
  /** Who the process runs for: the user who started it, or who resumed or retried it last; `SYSTEM` otherwise. */
  readonly user: string;
  /** Aborted when the worker shuts down: long steps should stop and throw, so the step is retried elsewhere. */
  readonly signal: AbortSignal;
  readonly log: Logger;
}

/**
 * Time and randomness, as inputs (the engine reads no clock and draws no random numbers itself).
 * `now` is epoch seconds.
 */
export interface StepEnvironment {
  readonly now: number;
  /** A fresh URL-safe token with at least 128 random bits (callback steps). */
  newToken(): string;
  /**
   * For an "Await callback" sub-step: the callback that arrived before the await began (an external system that
   * answered very fast); the step then continues at once instead of waiting.
   */
  readonly earlyCallback?: { readonly body: unknown };
}
