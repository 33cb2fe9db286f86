import {
  isClearedStepStatus,
  ProcessStatus,
  type StepRowRecord,
  type StepRowWrite,
  type StepStatus,
} from '@wfo/engine';
import type { StoredSnapshot } from './process-repository';
import type { CommittedCheckpoint } from './step-sql';

/**
 * What a step's checkpoint leaves for the next step's job to carry, so that step starts without reading Postgres
 * (docs/adr/0013-step-hot-path.md), and what a start leaves for the first step's job (`carryForStart`). Postgres
 * stays the source of truth: the next step's checkpoint is still a compare-and-set on the process's token and status,
 * and when it finds the process moved on (an abort, a retry) the carried snapshot was stale, and the job reads the
 * process again and does what it says. Carried only when the written row is a cleared one (then it is both the newest
 * row and the newest cleared row, and the engine needs neither the initial state nor user input) and its state is
 * small.
 */
export type CarriedSnapshot = CarriedProcess &
  (
    | {
        /** The row the previous checkpoint wrote, its state as the JSON that was stored. */
        readonly row: CarriedRow;
        readonly initialStateJson?: undefined;
      }
    | {
        /** A start's: the initial state as the JSON that was stored (the process has no step row yet). */
        readonly initialStateJson: string;
        readonly row?: undefined;
      }
  );

/** What every carried snapshot holds of the process row. */
interface CarriedProcess {
  readonly workflowKey: string;
  readonly isTask: boolean;
  readonly actingUser: string;
}

interface CarriedRow {
  readonly stepId: string;
  readonly name: string;
  readonly status: StepStatus;
  readonly createdBy: string;
  readonly startedAt: number;
  readonly completedAt: number;
  readonly stateJson: string;
}

/**
 * States larger than this (JSON characters) are not carried: the job then carries ids only and the next step reads
 * its snapshot, so Redis never holds large states (they may be up to `WFO_STATE_MAX_BYTES`).
 */
export const CARRY_MAX_STATE_CHARS = 64 * 1024;

/** Timestamps as a read gives them back (milliseconds: a JavaScript Date), so a carried row equals the row read. */
const toMillis = (seconds: number): number => Math.floor(Math.round(seconds * 1e6) / 1000) / 1000;

/** What the next step's job carries after this commit, or undefined when it must read the process instead. */
export function carryAfter(
  snapshot: StoredSnapshot,
  row: StepRowWrite,
  stateJson: string,
  committed: CommittedCheckpoint,
): CarriedSnapshot | undefined {
  if (committed.engineLocked || !committed.stepId || !isClearedStepStatus(row.status)) return undefined;
  if (stateJson.length > CARRY_MAX_STATE_CHARS) return undefined;
  let name: string;
  let createdBy: string;
  if (row.kind === 'insert') {
    ({ name, createdBy } = row);
  } else {
    // A step group's later sub-step replaces the group's row: its name and creator stay the row's.
    if (!snapshot.lastRow || snapshot.lastRow.stepId !== row.stepId) return undefined;
    ({ name, createdBy } = snapshot.lastRow);
  }
  return {
    workflowKey: snapshot.workflowKey,
    isTask: snapshot.isTask,
    actingUser: snapshot.actingUser,
    row: {
      stepId: committed.stepId,
      name,
      status: row.status,
      createdBy,
      startedAt: toMillis(row.startedAt),
      completedAt: committed.completedAt,
      stateJson,
    },
  };
}

/**
 * What a process's first step job carries: the process exactly as the start inserted it (`created`, no rows, this
 * initial state), so the first step needs no read before it moves the process to `running` (a compare-and-set on
 * `created`). Undefined when the initial state is large: the job then carries ids only.
 */
export function carryForStart(start: {
  workflowKey: string;
  isTask: boolean;
  user: string;
  initialStateJson: string;
}): CarriedSnapshot | undefined {
  if (start.initialStateJson.length > CARRY_MAX_STATE_CHARS) return undefined;
  return {
    workflowKey: start.workflowKey,
    isTask: start.isTask,
    actingUser: start.user,
    initialStateJson: start.initialStateJson,
  };
}

/**
 * The snapshot a carried job stands for: the process running at the job's token, the carried row its newest; or,
 * carried from a start, the process `created` with its initial state.
 */
export function snapshotFromCarried(
  processId: string,
  token: { position: number; attempt: number },
  carried: CarriedSnapshot,
): StoredSnapshot {
  const process = {
    processId,
    workflowKey: carried.workflowKey,
    isTask: carried.isTask,
    position: token.position,
    attempt: token.attempt,
    actingUser: carried.actingUser,
    userInput: null,
    engineLocked: false,
    failedReason: null,
  };
  if (!carried.row) {
    const initialState = JSON.parse(carried.initialStateJson) as StoredSnapshot['initialState'];
    return { ...process, status: ProcessStatus.CREATED, lastRow: null, lastClearedRow: null, initialState };
  }
  const { stateJson, ...row } = carried.row;
  const lastRow: StepRowRecord = { ...row, state: JSON.parse(stateJson) as StepRowRecord['state'] };
  return { ...process, status: ProcessStatus.RUNNING, lastRow, lastClearedRow: lastRow, initialState: {} };
}
