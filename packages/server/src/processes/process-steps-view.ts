import { StepStatus, type Recovery, type State } from '@wfo/engine';
import type { ProcessStepJson } from '../schemas/process-schema';
import { stateDelta } from './state-delta';

/** A `process_steps` row as the detail selects it. Times are epoch seconds. */
export interface StepRow {
  readonly stepid: string;
  readonly name: string;
  readonly status: string;
  readonly state: State;
  readonly created_by: string | null;
  readonly started_at: number;
  readonly completed_at: number;
  readonly commit_hash: string | null;
}

// Statuses after which the state is the process's state (orchestrator-core's `step_finish_statuses`): a failed or
// suspended row's state is not what the next row's delta is relative to.
const FINISHED: readonly string[] = [StepStatus.SUCCESS, StepStatus.SKIPPED, StepStatus.COMPLETE];

/**
 * The `steps` of a process detail: every logged row with what it changed, then the steps still to run as
 * `pending`. The remaining steps start with the step the process stopped at, so a failed or suspended step shows
 * twice: as logged, and as pending.
 */
export function processStepsView(rows: readonly StepRow[], recovery: Recovery): ProcessStepJson[] {
  let previous: State | null = null;
  const logged = rows.map((row): ProcessStepJson => {
    const delta = previous ? stateDelta(previous, row.state) : row.state;
    if (FINISHED.includes(row.status)) previous = row.state;
    return {
      step_id: row.stepid,
      stepid: row.stepid,
      name: row.name,
      status: row.status,
      created_by: row.created_by,
      executed: row.completed_at,
      started: row.started_at,
      completed: row.completed_at,
      commit_hash: row.commit_hash,
      state: row.state,
      state_delta: delta,
    };
  });
  const pending = recovery.remaining.map((step): ProcessStepJson => ({
    step_id: null,
    stepid: null,
    name: step.name,
    status: 'pending',
    created_by: null,
    executed: null,
    started: null,
    completed: null,
    commit_hash: null,
    state: null,
    state_delta: null,
  }));
  return [...logged, ...pending];
}
