import type { Step } from './step';
import type { Workflow } from './workflow';

/** The authenticated user as the identity provider describes it (OIDC claims); `null` when auth is off. */
export interface User {
  readonly name?: string;
  readonly [claim: string]: unknown;
}

export type AuthorizationAction = 'start_workflow' | 'resume_workflow' | 'retry_workflow';

export interface AuthorizationContext {
  readonly user: User | null;
  readonly action: AuthorizationAction;
  readonly workflow: Workflow;
  readonly step?: Step;
}

/** Decides whether a user may start, resume or retry; `false` answers 403 (reference §1.12). */
export type Authorizer = (ctx: AuthorizationContext) => boolean | Promise<boolean>;

export const allowAll: Authorizer = () => true;

/**
 * The callbacks that guard resuming and retrying a process at a given point (reference §1.12): over the steps
 * already passed plus the current one, the last step-level callback wins; otherwise the workflow's own.
 * A retry falls back from a step's `retryAuthorize` to its `resumeAuthorize`, and from the workflow's
 * `retryAuthorize` to its `authorize`.
 */
export function effectiveAuthorizers(
  workflow: Workflow,
  passedAndCurrent: readonly Step[],
): { resume: Authorizer; retry: Authorizer } {
  let resume = workflow.authorize;
  let retry = workflow.retryAuthorize;
  for (const s of passedAndCurrent) {
    if (s.resumeAuthorize) resume = s.resumeAuthorize;
    const stepRetry = s.retryAuthorize ?? s.resumeAuthorize;
    if (stepRetry) retry = stepRetry;
  }
  return { resume, retry };
}
