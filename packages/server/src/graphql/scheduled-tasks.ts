import type { Connection, ConnectionArgs } from './connection';
import { sliceConnection } from './connection';

/** A scheduled task as the UI's `ScheduledTasks` query selects it. */
export interface ScheduledTask {
  readonly id: string;
  readonly name: string;
  readonly workflowId: string;
  /** ISO 8601; null when it will not run again. */
  readonly nextRunTime: string | null;
  /** `cron(…)`, `interval(…)` or `date(…)`, as orchestrator-core describes its triggers. */
  readonly trigger: string;
}

/** Where `scheduledTasks` reads from: the schedules of the application (none until schedules are wired in). */
export type ScheduledTaskSource = (args: ConnectionArgs) => Promise<Connection<ScheduledTask>>;

export const NO_SCHEDULED_TASKS: ScheduledTaskSource = async (args) => sliceConnection([], args);
