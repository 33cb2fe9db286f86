import {
  done,
  init,
  steps,
  Target,
  workflow,
  type Form,
  type FormGenerator,
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

function createForm(key: string, form: Form | undefined): FormGenerator {
  return function* (state, ctx) {
    const begin = yield* productChoicePage(key, ctx);
    const rest = yield* authorPages(form, { ...state, ...begin }, ctx);
    return { ...begin, ...rest };
  };
}

function subscriptionForm(key: string, target: string, form: Form | undefined): FormGenerator {
  return function* (state, ctx) {
    const begin = subscriptionBeginState(yield* subscriptionChoicePage(key, target, ctx));
    const rest = yield* authorPages(form, { ...state, ...begin }, ctx);
    return { ...begin, ...rest };
  };
}

const extra = (opts: SubscriptionWorkflowOptions) => opts.additionalSteps ?? steps();

/**
 * A workflow that creates a subscription (reference §1.4): first page the product (`state.product`), then the
 * author's pages; the body must put the new model under `subscription`; then the subscription is set to `status`
 * (default active) and marked in sync: `Start » body » additional » Set subscription to '<status>' » Unlock
 * subscription » Done`.
 */
export function createWorkflow(opts: CreateWorkflowOptions, body: StepList): Workflow {
  return workflow(
    { ...opts, target: Target.CREATE, initialInputForm: createForm(opts.key, opts.initialInputForm) },
    steps(init, body, extra(opts), setStatus(opts.status ?? 'active'), resync, done),
  );
}

/**
 * A workflow that modifies a subscription: first page `{subscription_id, version?}`, checked against the
 * availability rules; `Start » Create Process Subscription relation » Lock subscription » body » additional »
 * Unlock subscription » Done`.
 */
export function modifyWorkflow(opts: SubscriptionWorkflowOptions, body: StepList): Workflow {
  return workflow(
    {
      ...opts,
      target: Target.MODIFY,
      initialInputForm: subscriptionForm(opts.key, Target.MODIFY, opts.initialInputForm),
    },
    steps(init, storeProcessSubscription, unsync, body, extra(opts), resync, done),
  );
}

/** A workflow that terminates a subscription: like modify, then `Set subscription to 'terminated'` before unlocking. */
export function terminateWorkflow(opts: SubscriptionWorkflowOptions, body: StepList): Workflow {
  return workflow(
    {
      ...opts,
      target: Target.TERMINATE,
      initialInputForm: subscriptionForm(opts.key, Target.TERMINATE, opts.initialInputForm),
    },
    steps(init, storeProcessSubscription, unsync, body, extra(opts), setStatus('terminated'), resync, done),
  );
}

/** A workflow that checks a subscription against reality: locks without the in-sync check, changes nothing itself. */
export function validateWorkflow(opts: Omit<SubscriptionWorkflowOptions, 'additionalSteps'>, body: StepList): Workflow {
  return workflow(
    {
      ...opts,
      target: Target.VALIDATE,
      initialInputForm: subscriptionForm(opts.key, Target.VALIDATE, opts.initialInputForm),
    },
    steps(init, storeProcessSubscription, unsyncUnchecked, body, resync, done),
  );
}

/** A workflow that brings a subscription back in line with reality (usable while relations are locked). */
export function reconcileWorkflow(opts: SubscriptionWorkflowOptions, body: StepList): Workflow {
  return workflow(
    {
      ...opts,
      target: Target.RECONCILE,
      initialInputForm: subscriptionForm(opts.key, Target.RECONCILE, opts.initialInputForm),
    },
    steps(init, storeProcessSubscription, unsyncUnchecked, body, extra(opts), resync, done),
  );
}
