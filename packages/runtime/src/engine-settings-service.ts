import type { PrismaClient } from '@wfo/db';
import { MOVING_STATUSES, type Logger } from '@wfo/engine';
import { heldProcesses, requeue } from './held-processes';
import type { StepQueue } from './step-queue';
import type { WorkflowRegistry } from './workflow-registry';
import type { EventPublisher } from './live-events/event-publisher';

export type GlobalStatus = 'RUNNING' | 'PAUSING' | 'PAUSED';

/** `GET /api/settings/status` (reference §1.14). */
export interface EngineStatus {
  readonly global_lock: boolean;
  readonly global_status: GlobalStatus;
  /** Steps executing on workers right now (BullMQ's active jobs). */
  readonly running_processes: number;
}

/** `GET /api/settings/worker-status`. */
export interface WorkerStatus {
  readonly executor_type: string;
  readonly number_of_workers_online: number;
  readonly number_of_queued_jobs: number;
  readonly number_of_running_jobs: number;
}

export interface EngineSettingsDeps {
  readonly prisma: PrismaClient;
  readonly workflows: WorkflowRegistry;
  readonly queue: StepQueue;
  readonly logger: Logger;
  /** Live events: a pause or unpause is published (`engineStatus`, and the status for `/api/settings/ws-status`). */
  readonly events?: EventPublisher;
  /** Workers with a live heartbeat. @defaultValue BullMQ's list of connected workers */
  readonly workersOnline?: () => Promise<number>;
}

/**
 * Engine pause: with the lock set, workers finish the step they run and start no new one; processes stay
 * `running`. Unlocking enqueues every process that should be moving again.
 */
export class EngineSettingsService {
  constructor(private readonly deps: EngineSettingsDeps) {}

  async status(): Promise<EngineStatus> {
    const settings = await this.deps.prisma.engineSettings.findFirst();
    const globalLock = settings?.global_lock ?? false;
    const running = await this.deps.queue.queue.getActiveCount();
    const globalStatus: GlobalStatus = !globalLock ? 'RUNNING' : running > 0 ? 'PAUSING' : 'PAUSED';
    return { global_lock: globalLock, global_status: globalStatus, running_processes: running };
  }

  /** Set or clear the lock; clearing it re-enqueues the processes that were held. Returns the new status. */
  async setLock(globalLock: boolean): Promise<EngineStatus> {
    const changed = await this.deps.prisma.$transaction(async (tx) => {
      const rows = await tx.$queryRaw<
        Array<{ global_lock: boolean }>
      >`SELECT global_lock FROM engine_settings FOR UPDATE`;
      const current = rows[0]?.global_lock ?? false;
      if (current === globalLock) return false;
      await tx.$executeRaw`UPDATE engine_settings SET global_lock = ${globalLock}`;
      return true;
    });
    // The database is the truth; the queue follows it (and the reconciler re-applies a pause Redis forgot).
    try {
      await this.deps.queue.setPaused(globalLock);
      if (changed && !globalLock) await this.requeueMovingProcesses();
    } catch (err) {
      this.deps.logger.warn('Could not update the queue; the reconciler will', { error: String(err) });
    }
    if (changed) this.deps.logger.info(globalLock ? 'Engine paused' : 'Engine resumed');
    const status = await this.status();
    this.deps.events?.engineStatusChanged(status);
    return status;
  }

  /** A safety net after a pause: every moving process gets its step job (an existing one is left as is). */
  private async requeueMovingProcesses(): Promise<void> {
    const moving = await heldProcesses(this.deps.prisma, { graceMs: 0, limit: 100_000, statuses: MOVING_STATUSES });
    await requeue(this.deps.queue, this.deps.workflows, moving);
  }

  async workerStatus(): Promise<WorkerStatus> {
    const queue = this.deps.queue.queue;
    const [workers, waiting, delayed, active] = await Promise.all([
      this.deps.workersOnline ? this.deps.workersOnline() : queue.getWorkers().then((w) => w.length),
      queue.getWaitingCount(),
      queue.getDelayedCount(),
      queue.getActiveCount(),
    ]);
    return {
      executor_type: 'bullmq',
      number_of_workers_online: workers,
      number_of_queued_jobs: waiting + delayed,
      number_of_running_jobs: active,
    };
  }
}
