import { effectiveAuthorizers, type User } from './authorization';
import { postFormAsync, type Form, type FormContext } from './forms';
import { NotAuthorizedError, ProcessNotResumableError } from './operation-errors';
import { planOf } from './plan';
import type { Recovery } from './recover';
import type { State } from './state';
import { isFailedStatus, isResumable, ProcessStatus, StepStatus } from './statuses';
import type { Step } from './step';
import type { Workflow } from './workflow';

export interface ResumeInput {
  readonly status: ProcessStatus;
  readonly recovery: Recovery;
  readonly userModel: User | null;
  /** The answers to the suspended step's form pages; `[]` counts as `[{}]`. A retry ignores them. */
  readonly pages: readonly State[];
  /** Services the form may use (subscription lookups). */
  readonly formContext?: FormContext;
}

/**
 * The checks of `PUT /api/processes/{id}/resume` (reference §1.8, §1.12): authorization first (403), then the
 * status (409), then the suspended step's form (510 / 400). Returns the user input to store and merge; `{}` for a
 * retry or a continued await.
 */
export async function prepareResume(workflow: Workflow, input: ResumeInput): Promise<State> {
  const { status, recovery } = input;
  const passed = stepsPassedAndCurrent(workflow, recovery);
  const current = passed[passed.length - 1];
  const authorizers = effectiveAuthorizers(workflow, passed);
  if (status === ProcessStatus.SUSPENDED) {
    const ok = await authorizers.resume({ user: input.userModel, action: 'resume_workflow', workflow, step: current });
    if (!ok) throw new NotAuthorizedError('User is not authorized to resume step');
  } else if (isFailedStatus(status) || status === ProcessStatus.WAITING) {
    const ok = await authorizers.retry({ user: input.userModel, action: 'retry_workflow', workflow, step: current });
    if (!ok) throw new NotAuthorizedError('User is not authorized to retry step');
  }
  if (!isResumable(status)) throw new ProcessNotResumableError(status);
  // Only a suspended process answers its input step's form; a retry (even of a process that failed right after
  // its input step was resumed) takes no input.
  const form = status === ProcessStatus.SUSPENDED ? pendingForm(workflow, recovery) : null;
  const pages = input.pages.length === 0 ? [{}] : [...input.pages];
  return postFormAsync(form, recovery.result.state, pages, input.formContext);
}

/** The form a user must answer to resume: the suspended input step's, or none. */
export function pendingForm(workflow: Workflow, recovery: Recovery): Form | null {
  if (recovery.result.status !== StepStatus.SUSPEND) return null;
  const entry = planOf(workflow).entries[recovery.position];
  return entry?.step.form ?? null;
}

/**
 * The steps the authorization callbacks are looked up in: all top-level steps already passed plus the current
 * one, and inside a step group also its sub-steps up to the current one.
 */
export function stepsPassedAndCurrent(workflow: Workflow, recovery: Recovery): Step[] {
  const topSteps = workflow.steps.steps;
  if (recovery.remaining.length === 0) return [...topSteps];
  const currentTop = topSteps.length - recovery.remaining.length;
  const passed: Step[] = topSteps.slice(0, currentTop + 1);
  const entries = planOf(workflow).entries;
  const entry = entries[recovery.position];
  if (entry?.group) {
    for (let i = entry.group.start; i <= entry.index; i++) passed.push(entries[i]!.step);
  }
  return passed;
}
