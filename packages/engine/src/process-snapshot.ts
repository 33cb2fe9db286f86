import type { State } from './state';
import { isClearedStepStatus, type ProcessStatus } from './statuses';
import type { StepRowRecord } from './step-row';

/**
 * What the engine needs to know about a stored process to decide its next step: the process row's status and
 * position, and only the two rows that matter (not the whole log, so a step costs the same at step 5 or 500).
 */
export interface ProcessSnapshot {
  readonly processId: string;
  readonly workflowKey: string;
  readonly isTask: boolean;
  readonly status: ProcessStatus;
  /** Flat index of the step the process is at (see `plan.ts`). */
  readonly position: number;
  /** The user new rows are created by. */
  readonly actingUser: string;
  /** The newest step row. */
  readonly lastRow: StepRowRecord | null;
  /** The newest row with a cleared status (not failed, suspend, waiting or awaiting_callback). */
  readonly lastClearedRow: StepRowRecord | null;
  /** The newest `initial_state` input: the state before the first step. */
  readonly initialState: State;
  /** The newest `user_input`: deep-merged into the state when a suspended input step is resumed. */
  readonly userInput: State | null;
}

/** The newest row and the newest cleared row of a full log (oldest first). */
export function lastRowsOf(rows: readonly StepRowRecord[]): {
  lastRow: StepRowRecord | null;
  lastClearedRow: StepRowRecord | null;
} {
  let lastClearedRow: StepRowRecord | null = null;
  for (let i = rows.length - 1; i >= 0; i--) {
    if (isClearedStepStatus(rows[i]!.status)) {
      lastClearedRow = rows[i]!;
      break;
    }
  }
  return { lastRow: rows[rows.length - 1] ?? null, lastClearedRow };
}
