import {
  done,
  init,
  steps,
  Target,
  workflow,
  type Form,
  type FormContext,
  type FormGenerator,
  type FormLoad,
  type FormPage,
  type State,
  type Step,
  type StepList,
  type Workflow,
  type WorkflowOptions,
} from '@wfo/engine';
import type { Lifecycle } from '../lifecycle';
import { authorPages, productChoicePage, subscriptionBeginState, subscriptionChoicePage } from './first-pages';
import { resync, setStatus, storeProcessSubscription, unsync, unsyncUnchecked } from './subscription-steps';

export interface SubscriptionWorkflowOptions extends Omit<WorkflowOptions, 'target' | 'isTask'> {
  /** Steps after the body, before the implicit closing steps. */
  additionalSteps?: StepList;
}

export interface CreateWorkflowOptions extends SubscriptionWorkflowOptions {
  /** The lifecycle the new subscription gets at the end. @defaultValue 'active' */
  status?: Lifecycle;
}

/** The implicit first page, then the author's pages; the state gets both pages' answers. */
function withFirstPage(
  firstPage: (ctx: FormContext) => Generator<FormPage | FormLoad, State, State>,
  form: Form | undefined,
): FormGenerator {
  return function* (state, ctx) {
    const begin = yield* firstPage(ctx);
    const rest = yield* authorPages(form, { ...state, ...begin }, ctx);
    return { ...begin, ...rest };
  };
}

const extra = (opts: SubscriptionWorkflowOptions) => opts.additionalSteps ?? steps();

/**
 * A workflow on an existing subscription: first page `{subscription_id, version?}`, checked against the
 * availability rules for `target`; `Start » Create Process Subscription relation » <lock> » <middle> » Unlock
 * subscription » Done`.
 */
function subscriptionWorkflow(
  target: Target,
  opts: Omit<SubscriptionWorkflowOptions, 'additionalSteps'>,
  lock: Step,
  middle: StepList,
): Workflow {
  const firstPage = function* (ctx: FormContext) {
    return subscriptionBeginState(yield* subscriptionChoicePage(opts.key, target, ctx));
  };
  return workflow(
    { ...opts, target, initialInputForm: withFirstPage(firstPage, opts.initialInputForm) },
    steps(init, storeProcessSubscription, lock, middle, resync, done),
  );
}

/**
 * A workflow that creates a subscription (reference §1.4): first page the product (`state.product`), then the
 * author's pages; the body must put the new model under `subscription`; then the subscription is set to `status`
 * (default active) and marked in sync: `Start » body » additional » Set subscription to '<status>' » Unlock
 * subscription » Done`.
 */
export function createWorkflow(opts: CreateWorkflowOptions, body: StepList): Workflow {
  const firstPage = (ctx: FormContext) => productChoicePage(opts.key, ctx);
  return workflow(
    { ...opts, target: Target.CREATE, initialInputForm: withFirstPage(firstPage, opts.initialInputForm) },
    steps(init, body, extra(opts), setStatus(opts.status ?? 'active'), resync, done),
  );
}

/**
 * A workflow that modifies a subscription: first page `{subscription_id, version?}`, checked against the
 * availability rules; `Start » Create Process Subscription relation » Lock subscription » body » additional »
 * Unlock subscription » Done`.
 */
export function modifyWorkflow(opts: SubscriptionWorkflowOptions, body: StepList): Workflow {
  return subscriptionWorkflow(Target.MODIFY, opts, unsync, steps(body, extra(opts)));
}

/** A workflow that terminates a subscription: like modify, then `Set subscription to 'terminated'` before unlocking. */
export function terminateWorkflow(opts: SubscriptionWorkflowOptions, body: StepList): Workflow {
  return subscriptionWorkflow(Target.TERMINATE, opts, unsync, steps(body, extra(opts), setStatus('terminated')));
}

/** A workflow that checks a subscription against reality: locks without the in-sync check, changes nothing itself. */
export function validateWorkflow(opts: Omit<SubscriptionWorkflowOptions, 'additionalSteps'>, body: StepList): Workflow {
  return subscriptionWorkflow(Target.VALIDATE, opts, unsyncUnchecked, body);
}

/** A workflow that brings a subscription back in line with reality (usable while relations are locked). */
export function reconcileWorkflow(opts: SubscriptionWorkflowOptions, body: StepList): Workflow {
  return subscriptionWorkflow(Target.RECONCILE, opts, unsyncUnchecked, steps(body, extra(opts)));
}
