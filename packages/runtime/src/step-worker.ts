import { setMaxListeners } from 'node:events';
import { DelayedError, UnrecoverableError, Worker, type Job } from 'bullmq';
import type { RedisConnection } from './redis-connection';
import { executeStepJob, type StepExecutorDeps } from './step-executor';
import { reconcileOnce, type ReconcileResult } from './reconciler';
import type { StepJobData } from './step-queue';

export interface StepWorkerOptions {
  /** A connection for the worker's blocking commands (BullMQ needs `maxRetriesPerRequest: null`). */
  readonly connection: RedisConnection;
  readonly queueName: string;
  readonly prefix: string;
  /** Steps run at once by this worker. @defaultValue 20 */
  readonly concurrency: number;
  /** How often stalled jobs (their worker died) are looked for. @defaultValue 30000 */
  readonly stalledIntervalMs: number;
  /**
   * How long a job's lock lasts without renewal (renewed every half of it while the step runs). A step that blocks
   * the event loop longer loses its lock and may run twice. @defaultValue 30000
   */
  readonly lockDurationMs: number;
  /** How often the reconciler runs. @defaultValue 10000 */
  readonly reconcileIntervalMs: number;
  /** How long a process must have gone without a job before the reconciler re-enqueues it. @defaultValue 5000 */
  readonly reconcileGraceMs: number;
  /** Automatic attempts of a failing `retryStep` before the process stays `waiting`. @defaultValue 5 */
  readonly retryStepAttempts: number;
  /** First backoff of a `retryStep` retry; doubles per attempt, at most 5 minutes. @defaultValue 2000 */
  readonly retryBackoffMs: number;
  /** On shutdown, how long running steps may take before they are released to other workers. @defaultValue 25000 */
  readonly shutdownGraceMs: number;
  /** Told what each reconciler run did (metrics). */
  readonly onReconciled?: (result: ReconcileResult) => void;
}

const MAX_BACKOFF_MS = 5 * 60_000;

/** A retry step's failure: retried later, after a backoff that grows with `attempt`. */
class RetryLaterError extends Error {
  override readonly name = 'RetryLaterError';
  constructor(
    message: string,
    readonly attempt: number,
  ) {
    super(message);
  }
}
/** While the engine is paused, a job that arrives anyway is looked at again this much later. */
const PAUSED_RECHECK_MS = 2_000;

/**
 * A WFO worker: consumes step jobs (one step each), and runs the reconciler on a timer (not as a BullMQ job, which
 * a Redis loss would erase). Start as many as you like, anywhere that reaches Postgres and Redis.
 */
export class StepWorker {
  private worker: Worker<StepJobData> | null = null;
  private reconcileTimer: NodeJS.Timeout | null = null;
  private reconciling: Promise<unknown> | null = null;
  private readonly abort = new AbortController();

  constructor(
    private readonly deps: StepExecutorDeps,
    private readonly opts: StepWorkerOptions,
  ) {
    // Every running step listens on the worker's signal (withStepSignal) and stops listening when it ends: up to
    // `concurrency` listeners, no leak, so no "possible EventTarget memory leak" warning past Node's default of 10.
    setMaxListeners(0, this.abort.signal);
  }

  start(): void {
    if (this.worker) return;
    const { opts } = this;
    this.worker = new Worker<StepJobData>(opts.queueName, (job, token) => this.process(job, token), {
      connection: opts.connection,
      prefix: opts.prefix,
      concurrency: opts.concurrency,
      stalledInterval: opts.stalledIntervalMs,
      lockDuration: opts.lockDurationMs,
      // A dead worker's step is delivered again, however often workers die.
      maxStalledCount: 1000,
      settings: {
        // A retry step's backoff doubles with its attempts as counted in Postgres; other retries (infrastructure
        // errors) with the job's own attempts.
        backoffStrategy: (attemptsMade: number, _type?: string, err?: Error) => {
          const attempt = err instanceof RetryLaterError ? err.attempt : attemptsMade;
          return Math.min(MAX_BACKOFF_MS, opts.retryBackoffMs * 2 ** (Math.max(1, attempt) - 1));
        },
      },
    });
    this.worker.on('error', (err) => this.deps.logger.error('Worker error', { error: err.message }));
    // Prisma loads its WebAssembly query compiler on its first model query (~11 MiB live, ~30 MiB resident). Steps do
    // not use Prisma, so the first reconcile would load it in the middle of a busy run; loaded now, a worker's memory
    // is flat from the start (the chaos suite's soak checks that).
    void this.deps.prisma.engineSettings.findFirst().catch(() => undefined);
    this.scheduleReconcile();
  }

  private async process(job: Job<StepJobData>, token: string | undefined): Promise<string> {
    const outcome = await this.withStepSignal((signal) =>
      executeStepJob(this.deps, job.data, {
        signal,
        attemptsMade: job.attemptsMade,
        // Started before (a stall, a retry, a paused job looked at again): not a first delivery.
        redelivered: job.attemptsStarted > 1 || job.attemptsMade > 0 || job.stalledCounter > 0,
      }),
    );
    switch (outcome.kind) {
      case 'paused':
        // The engine is paused: keep the job (a retry's backoff, a dashboard retry) for later instead of dropping it.
        await job.moveToDelayed(Date.now() + PAUSED_RECHECK_MS, token);
        throw new DelayedError();
      case 'failed':
        // The step failed: the job goes to the failed list with the error, where the dashboard can retry it.
        throw new UnrecoverableError(outcome.reason);
      case 'waiting':
        // A retry step failed: retried with backoff while attempts remain, then left waiting.
        if (outcome.attempts >= this.opts.retryStepAttempts) throw new UnrecoverableError(outcome.reason);
        throw new RetryLaterError(outcome.reason, outcome.attempts);
      case 'stale':
      case 'idle':
        return outcome.kind;
      case 'continued':
      case 'stopped':
        return outcome.status;
    }
  }

  /**
   * Each job's `ctx.signal` is a signal of its own that the worker's abort fires, not the worker's signal itself:
   * listeners a step adds and never removes (`ctx.signal.addEventListener('abort', …)` around a sleep or a call)
   * would otherwise pile up on the one signal for the worker's whole life, a leak of every step's closure.
   */
  private async withStepSignal<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const step = new AbortController();
    const worker = this.abort.signal;
    const abortStep = () => step.abort(worker.reason);
    if (worker.aborted) abortStep();
    else worker.addEventListener('abort', abortStep, { once: true });
    try {
      return await run(step.signal);
    } finally {
      worker.removeEventListener('abort', abortStep);
    }
  }

  private scheduleReconcile(): void {
    // Jitter, so workers started together do not all reconcile at the same moment.
    const delay = this.opts.reconcileIntervalMs * (0.5 + Math.random() / 2);
    this.reconcileTimer = setTimeout(() => {
      this.reconciling = this.reconcile().finally(() => {
        this.reconciling = null;
        if (this.worker) this.scheduleReconcile();
      });
    }, delay);
    this.reconcileTimer.unref();
  }

  /** Run the reconciler now (it also runs on its timer). */
  async reconcile(): Promise<void> {
    try {
      const result = await reconcileOnce(
        { ...this.deps, now: () => this.deps.environment().now },
        { graceMs: this.opts.reconcileGraceMs, retryDelayMs: this.opts.retryBackoffMs },
      );
      this.opts.onReconciled?.(result);
    } catch (err) {
      this.deps.logger.warn('Reconciler run failed', { error: err instanceof Error ? err.message : String(err) });
    }
  }

  /**
   * Graceful shutdown: take no new jobs, let running steps finish; after the grace period, abort them (their
   * `ctx.signal` fires) and close, so their jobs become stalled and run again on another worker.
   */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (this.reconcileTimer) clearTimeout(this.reconcileTimer);
    if (!worker) return;
    const graceful = worker.close();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), this.opts.shutdownGraceMs);
    });
    const result = await Promise.race([graceful.then(() => 'closed' as const), timeout]);
    clearTimeout(timer);
    if (result === 'timeout') {
      this.abort.abort();
      await worker.close(true);
    }
    await this.reconciling;
    // The last steps' successors may still be on their way to Redis: the connection is closed only after them.
    await Promise.all(this.deps.pendingAdds ? [...this.deps.pendingAdds] : []);
  }

  /** Steps running on this worker now. */
  get isRunning(): boolean {
    return this.worker?.isRunning() ?? false;
  }
}
