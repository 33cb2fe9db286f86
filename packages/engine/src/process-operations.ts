import { CALLBACK_TIMED_OUT, USER_ABORTED_STEP_NAME } from './builtin-steps';
import { CALLBACK_PROGRESS_KEY, DEFAULT_CALLBACK_RESULT_KEY, InternalKey } from './internal-keys';
import { InvalidCallbackTokenError, NotAwaitingCallbackError } from './operation-errors';
import { isRunnableStatus } from './advance';
import { planOf } from './plan';
import type { ProcessSnapshot } from './process-snapshot';
import type { Workflow } from './workflow';
import type { State } from './state';
import { Assignee, isFailedStatus, ProcessStatus, StepStatus, SYSTEM_USER } from './statuses';
import { aborted, failed } from './step-result';
import { logStep, type LoggedStep, type StepRowRecord } from './step-row';

/**
 * Abort (reference §1.8): unless the process completed, a "User Aborted" row with the recovered state is appended
 * and the process becomes `aborted`. The row is created by SYSTEM, as orchestrator-core does. Returns null for a
 * completed process (nothing to do).
 */
export function abortCheckpoint(snapshot: ProcessSnapshot, now: number): LoggedStep | null {
  if (snapshot.status === ProcessStatus.COMPLETED) return null;
  const { lastRow, lastClearedRow } = snapshot;
  const state =
    lastRow && (lastRow.status === StepStatus.SUSPEND || lastRow.status === StepStatus.AWAITING_CALLBACK)
      ? lastRow.state
      : (lastClearedRow?.state ?? snapshot.initialState);
  return logStep({
    stepName: USER_ABORTED_STEP_NAME,
    rowName: USER_ABORTED_STEP_NAME,
    assignee: Assignee.SYSTEM,
    result: aborted(state),
    lastRow,
    user: SYSTEM_USER,
    isTask: snapshot.isTask,
    now,
  });
}

/** Throws unless the process awaits a callback and the token is the one it handed out (409 / 404). */
export function checkCallback(status: ProcessStatus, lastRow: StepRowRecord | null, token: string): StepRowRecord {
  if (status !== ProcessStatus.AWAITING_CALLBACK || !lastRow || lastRow.status !== StepStatus.AWAITING_CALLBACK) {
    throw new NotAwaitingCallbackError();
  }
  const expected = lastRow.state[InternalKey.CALLBACK_TOKEN];
  if (typeof expected !== 'string' || !constantTimeEqual(expected, token)) throw new InvalidCallbackTokenError();
  return lastRow;
}

/** The awaiting row's new state once the callback arrived: the posted body under the step's result key. */
export function callbackResultState(awaitingRow: StepRowRecord, body: unknown): State {
  const key = awaitingRow.state[InternalKey.CALLBACK_RESULT_KEY];
  return { ...awaitingRow.state, [typeof key === 'string' ? key : DEFAULT_CALLBACK_RESULT_KEY]: body };
}

/** The awaiting row's new state with a progress report; the report is dropped at the next logged step. */
export function callbackProgressState(awaitingRow: StepRowRecord, progress: unknown): State {
  return {
    ...awaitingRow.state,
    [CALLBACK_PROGRESS_KEY]: progress,
    [InternalKey.REMOVE_KEYS]: [CALLBACK_PROGRESS_KEY],
  };
}

/** True when the process has awaited its callback longer than the callback step's timeout. */
export function isCallbackOverdue(lastRow: StepRowRecord | null, now: number): boolean {
  if (!lastRow || lastRow.status !== StepStatus.AWAITING_CALLBACK) return false;
  const timeout = lastRow.state[InternalKey.CALLBACK_TIMEOUT];
  return typeof timeout === 'number' && lastRow.startedAt + timeout <= now;
}

/**
 * A callback that did not arrive in time: the await row turns `failed` in place with reason "Callback timed out"
 * (reference §1.8). A retry re-runs the whole callback step group. Null when the process is no longer awaiting.
 */
export function callbackTimeoutCheckpoint(snapshot: ProcessSnapshot, now: number): LoggedStep | null {
  const { lastRow } = snapshot;
  if (
    snapshot.status !== ProcessStatus.AWAITING_CALLBACK ||
    !lastRow ||
    lastRow.status !== StepStatus.AWAITING_CALLBACK
  ) {
    return null;
  }
  return logStep({
    stepName: CALLBACK_TIMED_OUT,
    rowName: lastRow.name,
    assignee: Assignee.SYSTEM,
    result: failed({ ...lastRow.state, error: CALLBACK_TIMED_OUT, [InternalKey.REPLACE_LAST_STATE]: true }),
    lastRow,
    user: SYSTEM_USER,
    isTask: snapshot.isTask,
    now,
    keepStartedAt: true,
  });
}

/** Compare secrets without leaking where they differ through timing. */
export function constantTimeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const length = Math.max(a.length, b.length);
  for (let i = 0; i < length; i++) diff |= (a.charCodeAt(i) || 0) ^ (b.charCodeAt(i) || 0);
  return diff === 0;
}

/**
 * Whether a callback that arrives before its step awaits it can be kept for the await (reference §1.8 would answer
 * 409): the process is moving, inside a callback step at or before its "Await callback" sub-step, and the token is
 * the one that step handed out. Checked by the API; the await then finds the stored callback.
 */
export function acceptsEarlyCallback(workflow: Workflow, snapshot: ProcessSnapshot, token: string): boolean {
  if (
    !isRunnableStatus(snapshot.status) ||
    isFailedStatus(snapshot.status) ||
    snapshot.status === ProcessStatus.WAITING
  ) {
    return false;
  }
  const entry = planOf(workflow).entries[snapshot.position];
  const group = entry?.group;
  if (!entry || !group) return false;
  const plan = planOf(workflow).entries;
  let awaitIndex = -1;
  for (let i = group.start; i <= group.end; i++) if (plan[i]?.step.role === 'await-callback') awaitIndex = i;
  if (awaitIndex < 0 || entry.index > awaitIndex) return false;
  // At the await itself only while it has not begun: once it has awaited, a second callback is no early one (409).
  if (entry.index === awaitIndex && snapshot.lastRow?.status === StepStatus.AWAITING_CALLBACK) return false;
  const expected = snapshot.lastRow?.state[InternalKey.CALLBACK_TOKEN];
  return typeof expected === 'string' && constantTimeEqual(expected, token);
}
