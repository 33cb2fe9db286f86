import { InternalKey } from './internal-keys';
import { deepMerge } from './merge';
import { planOf, rowNameOf, type PlanEntry, type WorkflowPlan } from './plan';
import type { ProcessSnapshot } from './process-snapshot';
import { definitionHash } from './definition-hash';
import { locateByName } from './locate-by-name';
import { isAsleep } from './sleep-step';
import { definitionChangedMessage, expectedRowName } from './recover';
import type { State } from './state';
import { isClearedStepStatus, ProcessStatus, StepStatus } from './statuses';
import type { StepContext, StepEnvironment } from './step-context';
import { canContinue, failed, skipped, success, type StepResult } from './step-result';
import { logStep, type LoggedStep, type StepRowRecord } from './step-row';
import type { Workflow } from './workflow';
import { isAdministrativeRow, USER_ABORTED_STEP_NAME, WORKFLOW_DEFINITION_CHANGED } from './builtin-steps';
import { toErrorState } from './errors';

/** Statuses in which a step job does something; in any other status it is a stale delivery and does nothing. */
export const RUNNABLE_STATUSES: readonly ProcessStatus[] = [
  ProcessStatus.CREATED,
  ProcessStatus.RUNNING,
  ProcessStatus.RESUMED,
  ProcessStatus.FAILED,
  ProcessStatus.API_UNAVAILABLE,
  ProcessStatus.INCONSISTENT_DATA,
  ProcessStatus.WAITING,
];

/**
 * What one step job does:
 * - `execute`: run the step at the position with the last good state;
 * - `retry`: the process failed (or waits) here: run that step again from the last good state (a step group
 *   restarts at its first sub-step);
 * - `resume`: the process was suspended or awaiting a callback and was resumed: the input (or await) step is
 *   logged as a success with the user's input deep-merged, and the process continues after it;
 * - `definition-changed`: the log does not fit the workflow at this position: fail with a clear message.
 */
export type StepPlan =
  | { readonly kind: 'idle'; readonly reason: string }
  | {
      readonly kind: 'execute' | 'retry' | 'resume';
      readonly entry: PlanEntry;
      /** The state the step starts from. */
      readonly state: State;
    }
  | { readonly kind: 'definition-changed'; readonly message: string; readonly position: number };

/** Whether a step job has anything to do for a process in this status. */
export function isRunnableStatus(status: ProcessStatus): boolean {
  return RUNNABLE_STATUSES.includes(status);
}

/**
 * An O(1) identity check of the newest rows against the definition (the full check is in `recover`): the newest
 * row must be the step at the position (or the one before it), and the newest cleared row the step before the
 * current one. Rows written because the definition changed are skipped, so restoring the old definition lets the
 * process go on.
 */
function identityMismatch(
  plan: WorkflowPlan,
  snapshot: ProcessSnapshot,
): { index: number; logged: string; expected: string | undefined } | null {
  const { position, lastRow, lastClearedRow } = snapshot;
  const current = plan.entries[position];
  const stoppedHere = lastRow !== null && !isClearedStepStatus(lastRow.status);
  const check = (row: StepRowRecord, index: number) => {
    const expected = expectedRowName(plan, index);
    return expected === row.name ? null : { index, logged: row.name, expected };
  };
  if (lastRow && !isAdministrativeRow(lastRow.name) && lastRow.name !== USER_ABORTED_STEP_NAME) {
    const mismatch = check(lastRow, stoppedHere ? position : position - 1);
    if (mismatch) return mismatch;
  }
  if (stoppedHere && lastClearedRow && lastClearedRow.name !== USER_ABORTED_STEP_NAME) {
    return check(lastClearedRow, (current?.group ? current.group.start : position) - 1);
  }
  return null;
}

/** Decide what the next step job for this process does. Pure. */
export function planStep(workflow: Workflow, snapshot: ProcessSnapshot): StepPlan {
  if (!isRunnableStatus(snapshot.status)) return { kind: 'idle', reason: `process is ${snapshot.status}` };
  const plan = planOf(workflow);
  const { lastRow, lastClearedRow } = snapshot;
  let position = snapshot.position;
  if (identityMismatch(plan, snapshot)) {
    // The definition changed under the process (a deploy): find its step by name (SPEC §9). The checkpoint then
    // moves the process to the new position; its compare-and-set still guards the old one.
    const located = locateByName(workflow, lastRow, lastClearedRow);
    if ('message' in located) return { kind: 'definition-changed', message: located.message, position };
    position = located.position;
  }
  const entry = plan.entries[position];
  if (!entry) {
    // A process that should be moving but is past the last step: the definition lost steps it was counting on.
    const logged = lastRow?.name ?? 'nothing';
    return {
      kind: 'definition-changed',
      message: definitionChangedMessage(workflow, workflow.steps.length, logged, undefined),
      position,
    };
  }
  const lastGoodState = lastClearedRow?.state ?? snapshot.initialState;
  if (entry.step.kind === 'sleep' && lastRow?.status === StepStatus.SUSPEND) {
    // Asleep: the step looks at its checkpointed wake time again (a suspend row here is no input to resume).
    return { kind: 'execute', entry, state: lastRow.state };
  }

  if (lastRow && (lastRow.status === StepStatus.SUSPEND || lastRow.status === StepStatus.AWAITING_CALLBACK)) {
    if (snapshot.status !== ProcessStatus.RESUMED && snapshot.status !== ProcessStatus.RUNNING) {
      return { kind: 'idle', reason: `process is ${snapshot.status}` };
    }
    const userInput = lastRow.status === StepStatus.SUSPEND && snapshot.userInput ? snapshot.userInput : {};
    return { kind: 'resume', entry, state: deepMerge(lastRow.state, userInput) };
  }
  if (lastRow && (lastRow.status === StepStatus.FAILED || lastRow.status === StepStatus.WAITING)) {
    const restartAt = entry.group ? plan.entries[entry.group.start]! : entry;
    return { kind: 'retry', entry: restartAt, state: lastGoodState };
  }
  return { kind: 'execute', entry, state: lastGoodState };
}

/**
 * Run the planned step. User code runs here (the only place); anything it throws becomes a failed (or waiting)
 * outcome. `env.now` is the step's start time.
 */
export async function runStep(
  plan: Exclude<StepPlan, { kind: 'idle' }>,
  ctx: StepContext,
  env: StepEnvironment,
): Promise<StepResult> {
  if (plan.kind === 'definition-changed') {
    return failed({ class: 'WorkflowDefinitionChangedError', error: plan.message });
  }
  if (plan.kind === 'resume') return success(plan.state);
  const { entry } = plan;
  const group = entry.group;
  if (group && entry.index === group.start && group.step.group?.guard) {
    try {
      if (!group.step.group.guard(plan.state)) return skipped(plan.state);
    } catch (err) {
      return failed(toErrorState(err));
    }
  }
  const run = entry.step.run;
  if (!run) return failed({ class: 'Error', error: `Step "${entry.step.name}" has nothing to run` });
  const state = { ...plan.state, [InternalKey.LAST_STEP_STARTED_AT]: env.now };
  try {
    return await run(state, ctx, env);
  } catch (err) {
    return failed(toErrorState(err));
  }
}

/** How a step's outcome is written, and where the process goes next. */
export interface Checkpoint extends LoggedStep {
  /** The process's position after this checkpoint. */
  readonly position: number;
  /** The position of the next step to enqueue, or null when the process stops here. */
  readonly next: number | null;
  /** Set while a sleep step sleeps: run the next job (the same step) no earlier than this (epoch seconds). */
  readonly wakeAt?: number;
}

/** Decide the checkpoint of a step outcome. Pure. `startedAt`/`now` are epoch seconds. */
export function checkpointOf(
  workflow: Workflow,
  snapshot: ProcessSnapshot,
  plan: Exclude<StepPlan, { kind: 'idle' }>,
  outcome: StepResult,
  times: { startedAt: number; now: number },
): Checkpoint {
  const base = {
    lastRow: snapshot.lastRow,
    user: snapshot.actingUser,
    isTask: snapshot.isTask,
    now: times.now,
    startedAt: times.startedAt,
  };
  if (plan.kind === 'definition-changed') {
    const logged = logStep({
      ...base,
      stepName: WORKFLOW_DEFINITION_CHANGED,
      rowName: WORKFLOW_DEFINITION_CHANGED,
      assignee: 'SYSTEM',
      result: outcome,
    });
    return { ...logged, position: plan.position, next: null };
  }
  const { entry } = plan;
  const total = planOf(workflow).entries.length;
  const group = entry.group;
  let result = outcome;
  let skipGroup = false;
  let keepStartedAt = false;
  if (group && plan.kind !== 'resume') {
    skipGroup = entry.index === group.start && outcome.status === StepStatus.SKIPPED;
    const marks: State = { [InternalKey.STEP_NAME_OVERRIDE]: group.step.name };
    if (!skipGroup) marks[InternalKey.SUB_STEP] = entry.step.name;
    // The first sub-step of a group run inserts the group's row; every later one replaces it.
    if (entry.index !== group.start) {
      marks[InternalKey.REPLACE_LAST_STATE] = true;
      keepStartedAt = true;
    }
    result = { status: outcome.status, state: { ...outcome.state, ...marks } };
  }
  // A sleep that woke (or looked again) keeps its row's start: the row spans the whole sleep.
  if (entry.step.kind === 'sleep' && typeof plan.state[InternalKey.SLEEP_UNTIL] === 'number') keepStartedAt = true;
  const stepLogged = logStep({
    ...base,
    stepName: plan.kind === 'resume' ? rowNameOf(entry) : entry.step.name,
    rowName: rowNameOf(entry),
    assignee: entry.step.assignee,
    result,
    keepStartedAt,
  });
  // Each row says which definition ran it (SPEC §9): deploys that change steps show in the process detail.
  const logged = { ...stepLogged, row: { ...stepLogged.row, commitHash: definitionHash(workflow) } };
  if (isAsleep(entry.step, logged.result)) {
    // Not due yet: the process stays `running` at this step, and its next job is delayed to the wake time.
    const wakeAt = logged.result.state[InternalKey.SLEEP_UNTIL] as number;
    const process = { ...logged.process, lastStatus: ProcessStatus.RUNNING };
    return { ...logged, process, position: entry.index, next: entry.index, wakeAt };
  }
  if (!canContinue(logged.result)) {
    const stoppedAt =
      logged.result.status === StepStatus.COMPLETE || logged.result.status === StepStatus.ABORT
        ? entry.index + 1
        : entry.index;
    return { ...logged, position: stoppedAt, next: null };
  }
  const nextPosition = skipGroup && group ? group.end + 1 : entry.index + 1;
  if (nextPosition >= total) {
    // The steps ran out without a `done` step: the process is complete (orchestrator-core would leave it
    // `running` forever, with nothing left to run).
    return {
      ...logged,
      process: { ...logged.process, lastStatus: ProcessStatus.COMPLETED },
      position: nextPosition,
      next: null,
    };
  }
  return { ...logged, position: nextPosition, next: nextPosition };
}
