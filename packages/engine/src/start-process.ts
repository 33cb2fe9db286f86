import type { User } from './authorization';
import { postFormAsync, type FormContext } from './forms';
import { NotAuthorizedError, RunPredicateFailedError } from './operation-errors';
import type { State } from './state';
import type { Workflow } from './workflow';

export interface StartInput {
  readonly processId: string;
  /** The user name recorded as `reporter`, `created_by` and the rows' `created_by`. */
  readonly user: string;
  readonly userModel: User | null;
  /** The answers to the initial form's pages. */
  readonly pages: readonly State[];
  /** Services the form may use (subscription lookups). */
  readonly formContext?: FormContext;
}

/**
 * The checks and form replay before a process row exists (reference §1.8): authorization (403), run predicate
 * (412, nothing created), the initial form (510 / 400). Returns the initial state: the form's result with the
 * four system keys on top.
 */
export async function prepareStart(workflow: Workflow, input: StartInput): Promise<State> {
  const allowed = await workflow.authorize({ user: input.userModel, action: 'start_workflow', workflow });
  if (!allowed) throw new NotAuthorizedError(`User is not authorized to start '${workflow.key}' workflow`);
  if (workflow.runPredicate) {
    const verdict = await workflow.runPredicate({ workflow, workflowKey: workflow.key });
    if (verdict !== true) throw new RunPredicateFailedError(workflow.key, verdict.fail);
  }
  const systemKeys: State = {
    process_id: input.processId,
    reporter: input.user,
    workflow_name: workflow.key,
    workflow_target: workflow.target,
  };
  const formResult = await postFormAsync(workflow.initialInputForm, systemKeys, input.pages, input.formContext);
  return { ...formResult, ...systemKeys };
}
