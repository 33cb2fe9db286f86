import { Queue } from 'bullmq';
import type { RedisConnection } from '../redis-connection';
import { nextFireTime, timerOf, type Timer, type TriggerKind } from './schedule-trigger';

/** The queue of schedule ticks, next to the step queue under the same prefix. */
export const SCHEDULE_QUEUE = 'wfo-schedules';

/** A schedule tick's payload: only the id; the schedule itself is read from Postgres when it fires. */
export interface ScheduleJobData {
  readonly scheduleId: string;
}

/** What the timers need of a schedule row. */
export interface TimedSchedule {
  readonly schedule_id: string;
  readonly name: string;
  readonly trigger: string;
  readonly trigger_kwargs: unknown;
  readonly created_at: Date;
}

/** The job id of a one-off (`date`) schedule's only tick. */
const onceJobId = (scheduleId: string) => `once-${scheduleId}`;

export function timerOfRow(row: TimedSchedule): Timer {
  return timerOf(row.trigger as TriggerKind, (row.trigger_kwargs ?? {}) as Record<string, unknown>);
}

/**
 * The timers of the schedules: one BullMQ job scheduler per interval or cron schedule (keyed by the schedule id,
 * so any number of API instances installing it make one), one delayed job per one-off schedule. BullMQ hands
 * each tick to exactly one worker. The timers live in Redis, the schedules in Postgres: `reconcile` re-creates
 * what Redis lost and removes timers whose schedule is gone.
 */
export class ScheduleTimers {
  readonly queue: Queue<ScheduleJobData>;

  constructor(connection: RedisConnection, prefix: string) {
    this.queue = new Queue<ScheduleJobData>(SCHEDULE_QUEUE, {
      connection,
      prefix,
      defaultJobOptions: { removeOnComplete: 100, removeOnFail: 100 },
    });
  }

  /** Create (or replace) the timer of a schedule. */
  async install(row: TimedSchedule, now = Date.now()): Promise<void> {
    const timer = timerOfRow(row);
    const template = { name: row.name, data: { scheduleId: row.schedule_id } };
    switch (timer.kind) {
      case 'once':
        await this.queue.add(row.name, template.data, {
          jobId: onceJobId(row.schedule_id),
          delay: Math.max(0, timer.at - now),
        });
        return;
      case 'every': {
        // APScheduler's first run is one interval after the schedule was made (or at its start_date); anchoring
        // on created_at gives every instance the same next tick.
        const next = nextFireTime(timer, now, row.created_at.getTime() + timer.everyMs);
        if (next === null) return;
        await this.queue.upsertJobScheduler(
          row.schedule_id,
          { every: timer.everyMs, startDate: next, endDate: timer.endDate },
          template,
        );
        return;
      }
      case 'cron':
        await this.queue.upsertJobScheduler(
          row.schedule_id,
          { pattern: timer.pattern, tz: timer.tz, startDate: timer.startDate, endDate: timer.endDate },
          template,
        );
        return;
    }
  }

  async remove(scheduleId: string): Promise<void> {
    await this.queue.removeJobScheduler(scheduleId);
    const once = await this.queue.getJob(onceJobId(scheduleId));
    if (once && (await once.getState()) !== 'active') await once.remove().catch(() => undefined);
  }

  /** When each interval or cron schedule fires next (epoch ms), by schedule id. */
  async nextRunTimes(): Promise<Map<string, number>> {
    const schedulers = await this.queue.getJobSchedulers(0, -1);
    const next = new Map<string, number>();
    for (const s of schedulers) if (s.key && typeof s.next === 'number') next.set(s.key, s.next);
    return next;
  }

  /** Give every schedule its timer (Redis lost them, or a change did not reach Redis); drop orphan timers. */
  async reconcile(rows: readonly TimedSchedule[]): Promise<{ installed: number; removed: number }> {
    const schedulers = new Set((await this.queue.getJobSchedulers(0, -1)).map((s) => s.key));
    const ids = new Set(rows.map((r) => r.schedule_id));
    let installed = 0;
    for (const row of rows) {
      if (schedulers.has(row.schedule_id)) continue;
      if (row.trigger === 'date' && (await this.queue.getJob(onceJobId(row.schedule_id)))) continue;
      try {
        await this.install(row);
        installed += 1;
      } catch {
        // A row whose trigger no longer parses (edited by hand): leave it; the API shows it.
      }
    }
    let removed = 0;
    for (const key of schedulers) {
      if (ids.has(key)) continue;
      await this.queue.removeJobScheduler(key);
      removed += 1;
    }
    return { installed, removed };
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}
