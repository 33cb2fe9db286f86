import { isAdministrativeRow, USER_ABORTED_STEP_NAME } from './builtin-steps';
import { InternalKey } from './internal-keys';
import { planOf, type WorkflowPlan } from './plan';
import type { State } from './state';
import { isClearedStepStatus } from './statuses';
import type { StepRowRecord } from './step-row';
import type { Workflow } from './workflow';

/** Where a process stands in a (possibly changed) definition, or why it cannot be placed. */
export type Location = { readonly position: number } | { readonly message: string };

/**
 * SPEC §9 "Definition changes in flight": place a process in the workflow's current definition by the NAME of the
 * step it stopped at (a failed, waiting, suspended or awaiting row) or, when it stopped after a step, just after
 * the last step it completed. Steps a deploy added before that point are therefore never run, steps added after it
 * are. The process cannot be placed when that step is gone, or when its name is now ambiguous (two top-level steps
 * with it): then it fails with the "workflow definition changed" message rather than guess.
 *
 * `lastRow` is the newest meaningful row (administrative rows, such as an earlier "Workflow definition changed"
 * failure, say nothing about where the process is and are ignored), `lastClearedRow` the newest cleared one.
 */
export function locateByName(
  workflow: Workflow,
  lastRow: StepRowRecord | null,
  lastClearedRow: StepRowRecord | null,
): Location {
  const plan = planOf(workflow);
  const meaningful = lastRow && !isAdministrativeRow(lastRow.name) ? lastRow : null;
  if (meaningful && !isClearedStepStatus(meaningful.status)) {
    // Stopped at this step: go on from it (a suspended input step, a failed step, an await).
    const top = uniqueTop(workflow, meaningful.name);
    if (typeof top === 'string') return { message: top };
    return { position: subStepIndex(plan, top, meaningful.state) };
  }
  const cleared = lastClearedRow;
  if (!cleared || cleared.name === USER_ABORTED_STEP_NAME) return { position: 0 };
  const top = uniqueTop(workflow, cleared.name);
  if (typeof top === 'string') return { message: top };
  if (typeof cleared.state[InternalKey.STEP_GROUP] === 'string') {
    // A step group in progress: its row is cleared, but it goes on with the sub-step after `__sub_step`.
    return { position: subStepIndex(plan, top, cleared.state) + 1 };
  }
  const start = plan.topStart[top]!;
  const group = plan.entries[start]?.group;
  return { position: group ? group.end + 1 : start + 1 };
}

/** The index of the one top-level step with this (row) name, or the message saying why there is none. */
function uniqueTop(workflow: Workflow, name: string): number | string {
  const tops: number[] = [];
  workflow.steps.steps.forEach((s, i) => {
    if (s.name === name) tops.push(i);
  });
  if (tops.length === 1) return tops[0]!;
  return stepGoneMessage(workflow, name, tops.length);
}

/** Flat index of the sub-step named in `__sub_step` within top-level step `top` (its first entry when absent). */
function subStepIndex(plan: WorkflowPlan, top: number, state: State): number {
  const start = plan.topStart[top]!;
  const group = plan.entries[start]?.group;
  const subStep = state[InternalKey.SUB_STEP];
  if (group && typeof subStep === 'string') {
    for (let i = group.start; i <= group.end; i++) if (plan.entries[i]?.step.name === subStep) return i;
  }
  return start;
}

/** The clear failure of a process whose step a deploy removed (or duplicated). */
export function stepGoneMessage(workflow: Workflow, name: string, found: number): string {
  const now = found === 0 ? 'no longer has a step' : `now has ${found} steps`;
  return (
    `Workflow definition changed: this process stopped at step "${name}", but workflow "${workflow.key}" ${now} ` +
    `of that name. Restore a definition with exactly one step "${name}" to continue this process, or abort it.`
  );
}
