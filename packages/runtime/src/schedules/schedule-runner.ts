import type { PrismaClient } from '@wfo/db';
import {
  FormNotCompleteError,
  FormValidationError,
  RunPredicateFailedError,
  SYSTEM_USER,
  type Logger,
  type State,
} from '@wfo/engine';
import { Worker, type Job } from 'bullmq';
import type { RedisConnection } from '../redis-connection';
import type { ProcessService } from '../process-service';
import type { ScheduleService } from './schedule-service';
import { SCHEDULE_QUEUE, type ScheduleJobData } from './schedule-timers';

export interface ScheduleRunnerDeps {
  readonly prisma: PrismaClient;
  readonly processes: ProcessService;
  readonly schedules: ScheduleService;
  readonly logger: Logger;
  /** For the once-per-tick markers. */
  readonly redis: RedisConnection;
}

export interface ScheduleRunnerOptions {
  /** A connection for the worker's blocking commands (`maxRetriesPerRequest: null`). */
  readonly connection: RedisConnection;
  readonly prefix: string;
  /** How often the timers are checked against Postgres (a Redis that lost them). @defaultValue 30000 */
  readonly reconcileIntervalMs?: number;
}

/** How long a tick's marker is kept: far longer than any redelivery of the tick. */
const TICK_MARKER_TTL_MS = 24 * 3600_000;

/**
 * Runs schedule ticks on a worker: each tick starts the schedule's task as SYSTEM with its stored form answers
 * (skipped silently when the run predicate says no, as orchestrator-core's scheduler does). A tick delivered
 * twice (its worker died mid-run) starts nothing the second time; a one-off schedule is deleted once it ran.
 * Also re-creates, on a timer, the timers Redis lost.
 */
export class ScheduleRunner {
  private worker: Worker<ScheduleJobData> | null = null;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly deps: ScheduleRunnerDeps,
    private readonly opts: ScheduleRunnerOptions,
  ) {}

  start(): void {
    if (this.worker) return;
    this.worker = new Worker<ScheduleJobData>(SCHEDULE_QUEUE, (job) => this.runTick(job), {
      connection: this.opts.connection,
      prefix: this.opts.prefix,
      concurrency: 1,
    });
    this.worker.on('error', (err) => this.deps.logger.error('Schedule worker error', { error: err.message }));
    const every = this.opts.reconcileIntervalMs ?? 30_000;
    this.timer = setInterval(() => void this.reconcile(), every);
    this.timer.unref();
  }

  /** Re-create missing timers now (also runs on its timer). */
  async reconcile(): Promise<void> {
    try {
      const { installed, removed } = await this.deps.schedules.reconcileTimers();
      if (installed + removed > 0)
        this.deps.logger.warn('Re-created schedule timers from Postgres', { installed, removed });
    } catch (err) {
      this.deps.logger.warn('Schedule reconciliation failed', {
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private async runTick(job: Job<ScheduleJobData>): Promise<string> {
    const { scheduleId } = job.data;
    const row = await this.deps.prisma.schedule.findUnique({
      where: { schedule_id: scheduleId },
      include: { workflow: { select: { name: true } } },
    });
    if (!row) return 'schedule deleted';
    const marker = `${this.opts.prefix}:schedule-tick:${job.id ?? `${scheduleId}-${job.timestamp}`}`;
    if ((await this.deps.redis.set(marker, '1', 'PX', TICK_MARKER_TTL_MS, 'NX')) !== 'OK') return 'already ran';
    const log = this.deps.logger.child
      ? this.deps.logger.child({ scheduleId, workflowKey: row.workflow.name })
      : this.deps.logger;
    let result: string;
    try {
      const processId = await this.deps.processes.start(row.workflow.name, row.user_inputs as State[], {
        user: SYSTEM_USER,
        userModel: null,
      });
      log.info('Scheduled task started', { processId });
      result = processId;
    } catch (err) {
      if (
        err instanceof RunPredicateFailedError ||
        err instanceof FormValidationError ||
        err instanceof FormNotCompleteError
      ) {
        log.info('Scheduled task skipped', { reason: err.message });
        result = 'skipped';
      } else {
        log.error('Scheduled task could not start', { error: err instanceof Error ? err.message : String(err) });
        result = 'failed to start';
      }
    }
    if (row.trigger === 'date') await this.deps.prisma.schedule.deleteMany({ where: { schedule_id: scheduleId } });
    return result;
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const worker = this.worker;
    this.worker = null;
    await worker?.close();
  }
}
