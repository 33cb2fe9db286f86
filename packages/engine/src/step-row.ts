import { httpStatusOf, toErrorState } from './errors';
import { InternalKey } from './internal-keys';
import { jsonEqual, toJsonState } from './merge';
import type { State } from './state';
import { Assignee, ProcessStatus, StepStatus } from './statuses';
import { failed, processStatusOf, type StepResult } from './step-result';

/** `processes.failed_reason` and `processes.traceback` limits (orchestrator-core's column sizes). */
export const FAILED_REASON_LENGTH = 10_000;
export const TRACEBACK_LENGTH = 50_000;

/** A stored `process_steps` row, as the engine needs it. Times are epoch seconds. */
export interface StepRowRecord {
  readonly stepId: string;
  readonly name: string;
  readonly status: StepStatus;
  readonly state: State;
  readonly createdBy: string;
  readonly startedAt: number;
  readonly completedAt: number;
}

export type StepRowWrite =
  | {
      readonly kind: 'insert';
      readonly name: string;
      readonly status: StepStatus;
      readonly state: State;
      readonly createdBy: string;
      readonly startedAt: number;
      readonly completedAt: number;
      /** `commit_hash`: the definition the step ran under (`definitionHash`); absent for rows about the process. */
      readonly commitHash?: string;
    }
  | {
      readonly kind: 'update';
      readonly stepId: string;
      readonly status: StepStatus;
      readonly state: State;
      readonly startedAt: number;
      readonly completedAt: number;
      readonly commitHash?: string;
    };

/** The columns of `processes` a logged step sets. */
export interface ProcessStepUpdate {
  readonly lastStep: string;
  readonly lastStatus: ProcessStatus;
  readonly assignee: Assignee;
  readonly failedReason: string | null;
  readonly traceback: string | null;
}

export interface LoggedStep {
  readonly row: StepRowWrite;
  readonly process: ProcessStepUpdate;
  /** The outcome as stored: what the next step (or a resume) continues from. */
  readonly result: StepResult;
}

export interface LogStepInput {
  /** The executed (leaf) step's name: `processes.last_step`, and compared by the failure de-duplication. */
  readonly stepName: string;
  /** The row's name unless the state overrides it (a step group's name for its sub-steps). */
  readonly rowName: string;
  readonly assignee: Assignee;
  readonly result: StepResult;
  readonly lastRow: StepRowRecord | null;
  /** `created_by` of a new row: the user the process runs for. */
  readonly user: string;
  readonly isTask: boolean;
  readonly now: number;
  /** When the step began (epoch seconds); the row's `started_at`. Defaults to `now`. */
  readonly startedAt?: number;
  /** Keep the replaced row's `started_at` (sub-steps of a group: the row's start is the group's start). */
  readonly keepStartedAt?: boolean;
}

/**
 * How a step outcome is written (reference §1.7): which row is inserted or updated, what the process row gets,
 * and the cleaned state the process continues from. Pure: the runtime applies it in one transaction.
 * A state JSON cannot hold fails the step with that error instead (orchestrator-core's `safe_logstep`).
 */
export function logStep(input: LogStepInput): LoggedStep {
  try {
    return logStepUnsafe(input);
  } catch (err) {
    return logStepUnsafe({ ...input, result: failed(toErrorState(err)) });
  }
}

function logStepUnsafe(input: LogStepInput): LoggedStep {
  const { result, lastRow, now } = input;
  const state: State = { ...result.state };
  const isFailure = result.status === StepStatus.FAILED || result.status === StepStatus.WAITING;

  const process = processUpdateOf(input, state, isFailure);

  const nameOverride = state[InternalKey.STEP_NAME_OVERRIDE];
  delete state[InternalKey.STEP_NAME_OVERRIDE];
  const rowName = typeof nameOverride === 'string' ? nameOverride : input.rowName;
  const replaceLast = Boolean(state[InternalKey.REPLACE_LAST_STATE]) && lastRow !== null;
  delete state[InternalKey.REPLACE_LAST_STATE];
  const removeKeys = state[InternalKey.REMOVE_KEYS];
  if (Array.isArray(removeKeys)) for (const key of removeKeys) if (typeof key === 'string') delete state[key];
  delete state[InternalKey.REMOVE_KEYS];
  const stateStartedAt = state[InternalKey.LAST_STEP_STARTED_AT];
  delete state[InternalKey.LAST_STEP_STARTED_AT];
  const startedAt = input.startedAt ?? (typeof stateStartedAt === 'number' ? stateStartedAt : now);

  let row: StepRowWrite;
  if (replaceLast && lastRow) {
    row = {
      kind: 'update',
      stepId: lastRow.stepId,
      status: result.status,
      state: toJsonState(state),
      startedAt: input.keepStartedAt ? lastRow.startedAt : startedAt,
      completedAt: now,
    };
  } else if (isFailure && lastRow && isSameFailure(lastRow, input, state)) {
    // The same failure again, by the same user: one row counts the retries instead of a new row per attempt.
    const previousRetries = typeof lastRow.state.retries === 'number' ? lastRow.state.retries : 0;
    const previousCompleted: unknown[] = Array.isArray(lastRow.state.completed_at) ? lastRow.state.completed_at : [];
    row = {
      kind: 'update',
      stepId: lastRow.stepId,
      status: result.status,
      state: toJsonState({
        ...state,
        retries: previousRetries + 1,
        completed_at: [...previousCompleted, isoTimestamp(lastRow.completedAt)],
      }),
      startedAt,
      completedAt: now,
    };
  } else {
    row = {
      kind: 'insert',
      name: rowName,
      status: result.status,
      state: toJsonState(state),
      createdBy: input.user,
      startedAt,
      completedAt: now,
    };
  }
  return { row, process, result: { status: result.status, state: row.state } };
}

function isSameFailure(lastRow: StepRowRecord, input: LogStepInput, state: State): boolean {
  return (
    lastRow.status === input.result.status &&
    lastRow.name === input.stepName &&
    lastRow.createdBy === input.user &&
    jsonEqual(lastRow.state.error, state.error) &&
    jsonEqual(lastRow.state.details, state.details)
  );
}

/**
 * The process row after this step. For failures: the reason and traceback move to the process row (the traceback
 * leaves the step's state), and a failed task is classified as `inconsistent_data` or `api_unavailable`.
 */
function processUpdateOf(input: LogStepInput, state: State, isFailure: boolean): ProcessStepUpdate {
  let lastStatus = processStatusOf(input.result.status);
  let assignee = input.assignee;
  if (!isFailure) return { lastStep: input.stepName, lastStatus, assignee, failedReason: null, traceback: null };

  const reason = errorMessageOf(state.error);
  const rawTraceback = state.traceback;
  delete state.traceback;
  const traceback = typeof rawTraceback === 'string' ? rawTraceback.slice(-TRACEBACK_LENGTH) : null;
  if (input.result.status === StepStatus.FAILED && input.isTask) {
    const failureKind = taskFailureKind(state);
    lastStatus = failureKind;
    assignee = failureKind === ProcessStatus.INCONSISTENT_DATA ? Assignee.NOC : Assignee.SYSTEM;
  }
  return {
    lastStep: input.stepName,
    lastStatus,
    assignee,
    failedReason: reason === null ? null : reason.slice(0, FAILED_REASON_LENGTH),
    traceback,
  };
}

const INCONSISTENT_DATA_CLASSES = new Set(['AssertionError', 'InconsistentData', 'InconsistentDataError']);
const API_UNAVAILABLE_CLASSES = new Set(['ApiUnavailableError', 'MaxRetryError']);
const API_UNAVAILABLE_HTTP_STATUSES = new Set([502, 503, 504]);

/** A failed task's status subtype (reference §1.7), from the error state's class and HTTP status. */
export function taskFailureKind(errorState: State): ProcessStatus {
  const errorClass = typeof errorState.class === 'string' ? errorState.class : '';
  if (INCONSISTENT_DATA_CLASSES.has(errorClass)) return ProcessStatus.INCONSISTENT_DATA;
  const status = httpStatusOf(errorState);
  if (API_UNAVAILABLE_CLASSES.has(errorClass) || (status !== undefined && API_UNAVAILABLE_HTTP_STATUSES.has(status))) {
    return ProcessStatus.API_UNAVAILABLE;
  }
  return ProcessStatus.FAILED;
}

/** Epoch seconds → ISO 8601. Formats a given instant; it does not read the clock. */
function isoTimestamp(epochSeconds: number): string {
  // eslint-disable-next-line no-restricted-globals
  return new Date(epochSeconds * 1000).toISOString();
}

/** `failed_reason`: the error message; a structured error (an API's JSON body) as JSON. */
function errorMessageOf(error: unknown): string | null {
  if (error === undefined || error === null) return null;
  return typeof error === 'string' ? error : JSON.stringify(error);
}
