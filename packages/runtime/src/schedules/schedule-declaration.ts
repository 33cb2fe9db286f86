import { createHash } from 'node:crypto';
import type { State } from '@wfo/engine';
import { timerOf, type TriggerKind } from './schedule-trigger';

/** A schedule declared in code (`defineOrchestrator({ schedules })`), synced to the `schedules` table at start. */
export interface ScheduleDeclaration {
  /** Unique among the declared schedules; shown as the schedule's name. */
  readonly name: string;
  /** The key of the task (or workflow) to start. */
  readonly task: string;
  readonly trigger: TriggerKind;
  /** APScheduler's trigger arguments: `{ hours: 1 }`, `{ hour: 0, minute: 10 }`, `{ run_date: '…' }`. */
  readonly kwargs: Readonly<Record<string, unknown>>;
  /** The form pages the task is started with. @defaultValue `[{}]` */
  readonly userInputs?: readonly State[];
}

/**
 * orchestrator-core's initial schedule (reference §4.2), declared for every application unless
 * `WFO_INITIAL_SCHEDULE=false`. The callback-timeout sweep is cheap when nothing awaits: its run predicate skips it.
 */
export const INITIAL_SCHEDULE: readonly ScheduleDeclaration[] = [
  { name: 'Resume workflows', task: 'task_resume_workflows', trigger: 'interval', kwargs: { hours: 1 } },
  { name: 'Clean up tasks', task: 'task_clean_up_tasks', trigger: 'interval', kwargs: { hours: 6 } },
  {
    name: 'Validate subscriptions',
    task: 'task_validate_subscriptions',
    trigger: 'cron',
    kwargs: { hour: 0, minute: 10 },
  },
  { name: 'Validate products', task: 'task_validate_products', trigger: 'cron', kwargs: { hour: 2, minute: 30 } },
  {
    name: 'Validate awaiting callbacks',
    task: 'task_validate_awaiting_callbacks',
    trigger: 'interval',
    kwargs: { seconds: 30 },
  },
];

/** A declared schedule's id: derived from its name, so every API instance syncs the same row (a name-based UUID). */
export function declaredScheduleId(name: string): string {
  const hex = createHash('sha1').update(`wfo-schedule:${name}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/** Check declarations when the application is defined: unique names, valid triggers (throws naming the problem). */
export function checkScheduleDeclarations(declarations: readonly ScheduleDeclaration[]): void {
  const names = new Set<string>();
  for (const d of declarations) {
    if (names.has(d.name)) throw new Error(`Two schedules are named "${d.name}"`);
    names.add(d.name);
    try {
      timerOf(d.trigger, { ...d.kwargs });
    } catch (err) {
      throw new Error(`Schedule "${d.name}": ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
  }
}
