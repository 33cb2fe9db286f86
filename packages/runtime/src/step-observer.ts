import type { StepStatus } from '@wfo/engine';
import type { StepJobOutcome } from './step-executor';

/** A step a worker is about to run, as observers (logs, metrics, traces, live events) see it. */
export interface ObservedStep {
  readonly processId: string;
  readonly workflowKey: string;
  /** The step's own name (inside a step group: the sub-step's name). */
  readonly stepName: string;
  /** The process's token when the step started. */
  readonly position: number;
  readonly attempt: number;
  /** BullMQ's count of this job's failed attempts (0 for a first delivery). */
  readonly attemptsMade: number;
  /** Epoch milliseconds. */
  readonly startedAtMs: number;
  /** The W3C trace context the step job carries (tracing on, process started through the API). */
  readonly traceparent?: string;
}

/** How an observed step ended: after its checkpoint was written, or found superseded. */
export interface ObservedStepEnd {
  readonly outcome: StepJobOutcome;
  /** The status of the step row the step produced (`success`, `failed`, `waiting`, `suspend`, …). */
  readonly stepStatus: StepStatus;
  /** For a `failed` or `waiting` step: the error class and message the step row records. */
  readonly error?: { readonly class: string; readonly message: string };
  readonly durationMs: number;
}

/**
 * Watches the steps a worker runs, without a say in them: the seam for logs, metrics, traces and live events, so
 * none of them has to live inside the step executor. `stepStarted` returns what to call when the step has ended
 * (or nothing). An observer must not throw; if it does, the error is logged and the step goes on.
 */
export interface StepObserver {
  stepStarted(step: ObservedStep): ((end: ObservedStepEnd) => void) | void;
}

/** Several observers as one; a throwing observer is reported through `onError` and never disturbs a step. */
export function combineObservers(
  observers: readonly StepObserver[],
  onError: (err: unknown) => void,
): StepObserver | undefined {
  if (observers.length === 0) return undefined;
  return {
    stepStarted(step) {
      const ends: Array<(end: ObservedStepEnd) => void> = [];
      for (const observer of observers) {
        try {
          const end = observer.stepStarted(step);
          if (end) ends.push(end);
        } catch (err) {
          onError(err);
        }
      }
      if (ends.length === 0) return undefined;
      return (end) => {
        for (const fn of ends) {
          try {
            fn(end);
          } catch (err) {
            onError(err);
          }
        }
      };
    },
  };
}
