import { builtinStep } from './step';
import { StepList } from './step-list';
import { aborted, complete, success } from './step-result';

/** The "Start" step: the first step of every workflow by convention. */
export const init: StepList = new StepList([builtinStep('Start', (state) => success(state))]);

/** The "Done" step: the process becomes `completed`; no step after it runs. */
export const done: StepList = new StepList([builtinStep('Done', (state) => complete(state))]);

/** The "Abort" step: ends the process as `aborted`. */
export const abort: StepList = new StepList([builtinStep('Abort', (state) => aborted(state))]);

/** The empty list, a neutral start for composing. */
export const begin: StepList = new StepList([]);

/** The row name of an abort requested by a user (`PUT /api/processes/{id}/abort`). */
export const USER_ABORTED_STEP_NAME = 'User Aborted';

/** The row name and failure reason of a callback that did not arrive in time. */
export const CALLBACK_TIMED_OUT = 'Callback timed out';

/** Row name and `last_step` of a process whose log no longer fits its workflow (SPEC §4). */
export const WORKFLOW_DEFINITION_CHANGED = 'Workflow definition changed';

/** Row name and `last_step` of a process whose workflow the application no longer has. */
export const WORKFLOW_REMOVED = 'Workflow removed';

/**
 * Rows WFO writes about a process rather than for one of its steps: they say nothing about where the process is,
 * so recovery and the identity checks skip them (and restoring the definition lets the process go on).
 */
export function isAdministrativeRow(name: string): boolean {
  return name === WORKFLOW_DEFINITION_CHANGED || name === WORKFLOW_REMOVED;
}
