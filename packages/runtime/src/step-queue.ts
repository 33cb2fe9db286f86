import { Queue, type JobsOptions } from 'bullmq';
import type { RedisConnection } from './redis-connection';
import { stepJobId, type ProcessToken } from './process-token';
import type { CarriedSnapshot } from './carried-snapshot';

/**
 * A step job's payload: ids, and (from a worker, for the next step) the snapshot the previous checkpoint left, so
 * the step need not read it. Postgres stays the source of truth: a checkpoint always compares-and-sets the token.
 */
export interface StepJobData {
  readonly processId: string;
  readonly stepIndex: number;
  readonly attempt: number;
  /** The W3C trace context of the process start (only when tracing is on): every step's span joins its trace. */
  readonly traceparent?: string;
  /** Absent from jobs enqueued by the API and the reconciler, and when the state is large. */
  readonly carried?: CarriedSnapshot;
}

export interface StepQueueOptions {
  readonly connection: RedisConnection;
  /** @defaultValue 'wfo-steps' */
  readonly queueName: string;
  /** BullMQ key prefix; braces make it a Redis Cluster hash tag, so a queue's keys share one slot. @defaultValue '{wfo}' */
  readonly prefix: string;
}

/** Attempts of a step job before BullMQ gives up. Step failures end a job at once; these cover infrastructure errors
 * (Postgres restarting) and the automatic retries of `retryStep`. */
export const STEP_JOB_ATTEMPTS = 30;
/** Name of WFO's backoff strategy, registered by the step worker. */
export const STEP_BACKOFF = 'wfo';

export interface EnqueueOptions {
  /** Shown in the Bull dashboard: `<workflow key> › <step name>`. */
  readonly jobName: string;
  /** Run the job this much later (a waiting process's next retry). @defaultValue 0 */
  readonly delayMs?: number;
  /** Carried in the job's data (`StepJobData.traceparent`). */
  readonly traceparent?: string;
  /** The snapshot the step may start from instead of reading the process (the worker's next step). */
  readonly carried?: CarriedSnapshot;
}

/** The `wfo-steps` queue: enqueues step jobs idempotently and answers which processes lack one. */
export class StepQueue {
  readonly queue: Queue<StepJobData>;

  constructor(private readonly opts: StepQueueOptions) {
    this.queue = new Queue<StepJobData>(opts.queueName, { connection: opts.connection, prefix: opts.prefix });
  }

  get name(): string {
    return this.opts.queueName;
  }

  /** Add the step job for this token; a second add of the same token is a no-op (deterministic job id). */
  async enqueue(
    processId: string,
    token: ProcessToken,
    { jobName, delayMs, traceparent, carried }: EnqueueOptions,
  ): Promise<void> {
    const options: JobsOptions = {
      jobId: stepJobId(processId, token),
      delay: delayMs && delayMs > 0 ? delayMs : undefined,
      attempts: STEP_JOB_ATTEMPTS,
      backoff: { type: STEP_BACKOFF },
      removeOnComplete: true,
      removeOnFail: false,
    };
    const data: StepJobData = { processId, stepIndex: token.position, attempt: token.attempt };
    const withTrace: StepJobData = traceparent ? { ...data, traceparent } : data;
    await this.queue.add(jobName, carried ? { ...withTrace, carried } : withTrace, options);
  }

  /** Remove the job of this token unless a worker is running it (an API retry or an abort supersedes it). */
  async removeIfIdle(processId: string, token: ProcessToken): Promise<void> {
    const job = await this.queue.getJob(stepJobId(processId, token));
    if (!job) return;
    const state = await job.getState();
    if (state === 'active') return;
    await job.remove().catch(() => undefined);
  }

  /**
   * Of these processes, the ones whose step job is missing, or has failed unless `failedCounts` (a process that
   * should be moving needs a live job; a waiting one's failed job is its retries used up). One pipelined round trip
   * for the whole batch.
   */
  async withoutLiveJob<T extends { processId: string; token: ProcessToken }>(
    candidates: readonly T[],
    opts: { failedCounts?: boolean } = {},
  ): Promise<T[]> {
    if (candidates.length === 0) return [];
    const pipeline = this.opts.connection.pipeline();
    for (const c of candidates) {
      const id = stepJobId(c.processId, c.token);
      pipeline.exists(this.queue.toKey(id));
      pipeline.zscore(this.queue.toKey('failed'), id);
    }
    const replies = (await pipeline.exec()) ?? [];
    return candidates.filter((_, i) => {
      const exists = replies[2 * i]?.[1] === 1;
      const failedScore = replies[2 * i + 1]?.[1];
      return !exists || (!opts.failedCounts && failedScore !== null && failedScore !== undefined);
    });
  }

  /** Re-add a job whose failed copy blocks its id. */
  async replaceFailed(processId: string, token: ProcessToken, opts: EnqueueOptions): Promise<void> {
    await this.removeIfIdle(processId, token);
    await this.enqueue(processId, token, opts);
  }

  /** Stop (or restart) handing out jobs, on every worker: the engine pause, in Redis. */
  async setPaused(paused: boolean): Promise<void> {
    if (paused) await this.queue.pause();
    else await this.queue.resume();
  }

  async isPaused(): Promise<boolean> {
    return this.queue.isPaused();
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
