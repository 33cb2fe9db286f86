import { randomUUID } from 'node:crypto';
import {
  lastRowsOf,
  ProcessStatus,
  type LoggedStep,
  type ProcessSnapshot,
  type State,
  type StepRowRecord,
  type Workflow,
} from '@wfo/engine';

/** An `input_states` row. */
export interface MemoryInputState {
  readonly type: 'initial_state' | 'user_input';
  readonly state: State;
  readonly time: number;
}

/** A process held in memory: the same columns the `processes` table has, and its rows. */
export interface MemoryProcess {
  readonly processId: string;
  /** Replaceable, to test what a new version of a workflow does to a process in flight. */
  workflow: Workflow;
  readonly createdBy: string;
  status: ProcessStatus;
  position: number;
  attempt: number;
  actingUser: string;
  lastStep: string | null;
  assignee: string;
  failedReason: string | null;
  traceback: string | null;
  readonly rows: StepRowRecord[];
  readonly inputStates: MemoryInputState[];
}

export function newMemoryProcess(workflow: Workflow, processId: string, user: string): MemoryProcess {
  return {
    processId,
    workflow,
    createdBy: user,
    status: ProcessStatus.CREATED,
    position: 0,
    attempt: 0,
    actingUser: user,
    lastStep: null,
    assignee: 'SYSTEM',
    failedReason: null,
    traceback: null,
    rows: [],
    inputStates: [],
  };
}

function newestInput(process: MemoryProcess, type: MemoryInputState['type']): State | null {
  for (let i = process.inputStates.length - 1; i >= 0; i--) {
    const input = process.inputStates[i]!;
    if (input.type === type) return input.state;
  }
  return null;
}

/** What the engine needs to decide the next step, read from memory the way the database store reads it. */
export function snapshotOf(process: MemoryProcess): ProcessSnapshot {
  return {
    processId: process.processId,
    workflowKey: process.workflow.key,
    isTask: process.workflow.isTask,
    status: process.status,
    position: process.position,
    actingUser: process.actingUser,
    ...lastRowsOf(process.rows),
    initialState: newestInput(process, 'initial_state') ?? {},
    userInput: newestInput(process, 'user_input'),
  };
}

/** Apply a logged step: write the row and the process columns, as the database checkpoint does. */
export function applyLoggedStep(process: MemoryProcess, logged: LoggedStep, position?: number): void {
  const { row } = logged;
  if (row.kind === 'insert') {
    process.rows.push({
      stepId: randomUUID(),
      name: row.name,
      status: row.status,
      state: row.state,
      createdBy: row.createdBy,
      startedAt: row.startedAt,
      completedAt: row.completedAt,
    });
  } else {
    const index = process.rows.findIndex((r) => r.stepId === row.stepId);
    if (index < 0) throw new Error(`No step row ${row.stepId} in process ${process.processId}`);
    process.rows[index] = {
      ...process.rows[index]!,
      status: row.status,
      state: row.state,
      startedAt: row.startedAt,
      completedAt: row.completedAt,
    };
  }
  process.lastStep = logged.process.lastStep;
  process.status = logged.process.lastStatus;
  process.assignee = logged.process.assignee;
  process.failedReason = logged.process.failedReason;
  process.traceback = logged.process.traceback;
  if (position !== undefined) process.position = position;
}
