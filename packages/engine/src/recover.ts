import { isAdministrativeRow, USER_ABORTED_STEP_NAME } from './builtin-steps';
import { InternalKey } from './internal-keys';
import { locateByName } from './locate-by-name';
import { planOf, rowNameOf, type WorkflowPlan } from './plan';
import type { State } from './state';
import { isClearedStepStatus, StepStatus } from './statuses';
import type { Step } from './step';
import type { StepResult } from './step-result';
import type { StepRowRecord } from './step-row';
import type { Workflow } from './workflow';

/** A stored process, recovered from its step rows (reference §1.8). */
export interface Recovery {
  /**
   * The outcome to continue from: the newest row if it is a suspend or an await; else the newest cleared row;
   * else an empty success.
   */
  readonly result: StepResult;
  /** How many top-level steps are done (rows with a cleared status). */
  readonly clearedCount: number;
  /** Flat index of the step the process is at: the failed, suspended or awaiting step, or the next one to run. */
  readonly position: number;
  /** The top-level steps still to run, starting with the current (failed, suspended, awaiting) one. */
  readonly remaining: readonly Step[];
  /**
   * Set when the process cannot be placed in the workflow's current definition: the step it stopped at (or last
   * completed) is gone or ambiguous (SPEC §9). Rows that merely shifted are placed by name instead.
   */
  readonly definitionChanged: string | null;
}

/**
 * Positional recovery, as orchestrator-core does it: skip as many top-level steps as there are cleared rows.
 * A step group in progress (a cleared row still marked `__step_group`) continues after its `__sub_step`.
 * When the rows' names no longer line up with the definition (a deploy inserted or removed steps), the process is
 * placed by the name of the step it stopped at instead (SPEC §9), and reported only when that step is gone.
 */
export function recover(workflow: Workflow, rows: readonly StepRowRecord[]): Recovery {
  const plan = planOf(workflow);
  const cleared = rows.filter((r) => isClearedStepStatus(r.status));
  const meaningful = rows.filter((r) => !isAdministrativeRow(r.name));
  const last = meaningful[meaningful.length - 1];
  const lastCleared = cleared[cleared.length - 1];

  let result: StepResult;
  if (last && (last.status === StepStatus.SUSPEND || last.status === StepStatus.AWAITING_CALLBACK)) {
    result = { status: last.status, state: last.state };
  } else if (lastCleared) {
    result = { status: lastCleared.status, state: lastCleared.state };
  } else {
    result = { status: StepStatus.SUCCESS, state: {} };
  }

  const topSteps = workflow.steps.steps;
  const definitionChanged = checkNames(workflow, cleared, last);
  let clearedCount = cleared.length;
  let position: number;
  if (result.status === StepStatus.COMPLETE || result.status === StepStatus.ABORT) {
    position = plan.entries.length;
  } else if (last && isClearedStepStatus(last.status) && typeof last.state[InternalKey.STEP_GROUP] === 'string') {
    // A group in progress: its row is cleared, but the group is not done until its Exit sub-step ran.
    clearedCount -= 1;
    position = subStepIndex(plan, clearedCount, last.state) + 1;
  } else if (last && !isClearedStepStatus(last.status)) {
    // The step the process stopped at; inside a group, the sub-step named in the row's `__sub_step`.
    position = subStepIndex(plan, clearedCount, last.state);
  } else {
    position = plan.topStart[clearedCount] ?? plan.entries.length;
  }
  const finished = result.status === StepStatus.COMPLETE || result.status === StepStatus.ABORT;
  if (definitionChanged !== null && !finished) {
    // The rows no longer line up with the definition (a deploy): place the process by name instead (SPEC §9).
    const located = locateByName(workflow, last ?? null, lastCleared ?? null);
    if ('message' in located)
      return { result, clearedCount, position, remaining: [], definitionChanged: located.message };
    const top = plan.entries[located.position]?.top ?? topSteps.length;
    return {
      result,
      clearedCount: top,
      position: located.position,
      remaining: topSteps.slice(top),
      definitionChanged: null,
    };
  }
  const remaining = finished ? [] : topSteps.slice(clearedCount);
  return { result, clearedCount, position, remaining, definitionChanged };
}

/** Flat index of the sub-step named in `__sub_step` within top-level step `top` (its first entry when absent). */
function subStepIndex(plan: WorkflowPlan, top: number, state: State): number {
  const start = plan.topStart[top] ?? plan.entries.length;
  const subStep = state[InternalKey.SUB_STEP];
  const group = plan.entries[start]?.group;
  if (group && typeof subStep === 'string') {
    for (let i = group.start; i <= group.end; i++) if (plan.entries[i]?.step.name === subStep) return i;
  }
  return start;
}

function checkNames(
  workflow: Workflow,
  cleared: readonly StepRowRecord[],
  last: StepRowRecord | undefined,
): string | null {
  const topSteps = workflow.steps.steps;
  for (let i = 0; i < cleared.length; i++) {
    const row = cleared[i]!;
    if (row.name === USER_ABORTED_STEP_NAME && i === cleared.length - 1) break;
    const expected = topSteps[i]?.name;
    if (row.name !== expected) return definitionChangedMessage(workflow, i, row.name, expected);
  }
  if (last && !isClearedStepStatus(last.status)) {
    const expected = topSteps[cleared.length]?.name;
    if (last.name !== expected) return definitionChangedMessage(workflow, cleared.length, last.name, expected);
  }
  return null;
}

export function definitionChangedMessage(
  workflow: Workflow,
  stepNumber: number,
  logged: string,
  expected: string | undefined,
): string {
  const now = expected === undefined ? 'no step there any more' : `"${expected}"`;
  return (
    `Workflow definition changed: step ${stepNumber + 1} of this process is "${logged}", but workflow ` +
    `"${workflow.key}" now has ${now}. Restore the old definition to continue this process, or abort it.`
  );
}

/** The row name the definition expects for the step at this flat index. */
export function expectedRowName(plan: WorkflowPlan, index: number): string | undefined {
  const entry = plan.entries[index];
  return entry ? rowNameOf(entry) : undefined;
}
