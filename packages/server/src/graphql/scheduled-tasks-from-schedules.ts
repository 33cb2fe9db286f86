import type { ScheduleView } from '@wfo/runtime';
import { sliceConnection } from './connection';
import type { ScheduledTask, ScheduledTaskSource } from './scheduled-tasks';

/** `scheduledTasks` over the application's schedules (`GET /api/schedules`), ordered by when they fire next. */
export function scheduledTasksFrom(schedules: { list(): Promise<ScheduleView[]> }): ScheduledTaskSource {
  return async (args) => {
    const views = await schedules.list();
    const tasks = views.map(toScheduledTask).sort(byNextRun);
    return sliceConnection(tasks, args);
  };
}

function toScheduledTask(view: ScheduleView): ScheduledTask {
  const kwargs = Object.entries(view.trigger_kwargs)
    .map(([key, value]) => `${key}=${JSON.stringify(value)}`)
    .join(', ');
  return {
    id: view.schedule_id,
    name: view.name,
    workflowId: view.workflow_id,
    nextRunTime: view.next_run_time === null ? null : new Date(view.next_run_time * 1000).toISOString(),
    trigger: `${view.trigger}(${kwargs})`,
  };
}

/** Soonest first; schedules that will not fire again last. */
function byNextRun(a: ScheduledTask, b: ScheduledTask): number {
  if (a.nextRunTime === b.nextRunTime) return a.name.localeCompare(b.name);
  if (a.nextRunTime === null) return 1;
  if (b.nextRunTime === null) return -1;
  return a.nextRunTime < b.nextRunTime ? -1 : 1;
}
