import { ProcessStatus, StepStatus } from './statuses';
import type { State } from './state';

/**
 * The outcome of a step: orchestrator-core's `Process` sum type, as a tagged union keyed by the step-row status.
 * `Failed` and `Waiting` carry the error state (`{class, error, traceback, …}`) instead of the process state.
 */
export interface StepResult {
  readonly status: StepStatus;
  readonly state: State;
}

export const success = (state: State): StepResult => ({ status: StepStatus.SUCCESS, state });
export const skipped = (state: State): StepResult => ({ status: StepStatus.SKIPPED, state });
export const suspend = (state: State): StepResult => ({ status: StepStatus.SUSPEND, state });
export const waiting = (state: State): StepResult => ({ status: StepStatus.WAITING, state });
export const awaitingCallback = (state: State): StepResult => ({ status: StepStatus.AWAITING_CALLBACK, state });
export const aborted = (state: State): StepResult => ({ status: StepStatus.ABORT, state });
export const failed = (state: State): StepResult => ({ status: StepStatus.FAILED, state });
export const complete = (state: State): StepResult => ({ status: StepStatus.COMPLETE, state });

/** Only a `success` or `skipped` result lets the next step run; every other outcome stops the process there. */
export function canContinue(result: StepResult): boolean {
  return result.status === StepStatus.SUCCESS || result.status === StepStatus.SKIPPED;
}

/** Step outcome → process status (reference §1.2). Task failure subtypes are decided in `step-row.ts`. */
export function processStatusOf(status: StepStatus): ProcessStatus {
  switch (status) {
    case StepStatus.SUCCESS:
    case StepStatus.SKIPPED:
      return ProcessStatus.RUNNING;
    case StepStatus.SUSPEND:
      return ProcessStatus.SUSPENDED;
    case StepStatus.WAITING:
      return ProcessStatus.WAITING;
    case StepStatus.AWAITING_CALLBACK:
      return ProcessStatus.AWAITING_CALLBACK;
    case StepStatus.ABORT:
      return ProcessStatus.ABORTED;
    case StepStatus.FAILED:
      return ProcessStatus.FAILED;
    case StepStatus.COMPLETE:
      return ProcessStatus.COMPLETED;
    default:
      return assertNever(status);
  }
}

/** `abort()`: every outcome becomes `abort`, except `complete`, which stays. */
export function abortResult(result: StepResult): StepResult {
  return result.status === StepStatus.COMPLETE ? result : aborted(result.state);
}

export function assertNever(value: never): never {
  throw new Error(`Unexpected value: ${String(value)}`);
}
