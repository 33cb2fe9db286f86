import { step, type State, type Step, type StepContext } from '@wfo/engine';
import { isLifecycle, type Lifecycle } from '../lifecycle';
import { convertLifecycle } from '../model/lifecycle-conversion';

/** The subscription a step works on: `state.subscription_id`, or the id in `state.subscription`. */
export function subscriptionIdOf(state: State): string {
  const fromModel = (state.subscription as { subscription_id?: unknown } | undefined)?.subscription_id;
  const id = typeof fromModel === 'string' ? fromModel : state.subscription_id;
  if (typeof id !== 'string')
    throw new Error("No subscription in the state (expected 'subscription' or 'subscription_id')");
  return id;
}

const OLD_SUBSCRIPTIONS = '__old_subscriptions__';

/** "Create Process Subscription relation": link the process to the subscription it works on. */
export const storeProcessSubscription: Step = step('Create Process Subscription relation', async (state, ctx) => {
  await ctx.subscriptions.linkToProcess(subscriptionIdOf(state));
});

async function lock(state: State, ctx: StepContext, checked: boolean): Promise<State> {
  const id = subscriptionIdOf(state);
  const model = await ctx.subscriptions.load(id);
  if (checked && !model.insync) throw new Error('Subscription is already out of sync, cannot continue!');
  const output: State = { subscription: model.saveRowOnly() };
  if (checked) {
    // Keep the subscription as it was before this workflow touched it, once (a retry must not overwrite it).
    const backups = { ...((state[OLD_SUBSCRIPTIONS] as Record<string, unknown> | undefined) ?? {}) };
    backups[id] ??= model.toJSON();
    output[OLD_SUBSCRIPTIONS] = backups;
  }
  model.insync = false;
  return output;
}

/** "Lock subscription": refuse a subscription that is out of sync, back it up, and set `insync` false. */
export const unsync: Step = step('Lock subscription', (state, ctx) => lock(state, ctx, true));

/** "Lock subscription" without the in-sync check or backup (validate and reconcile workflows). */
export const unsyncUnchecked: Step = step('Lock subscription', (state, ctx) => lock(state, ctx, false));

/** "Unlock subscription": set `insync` true again. */
export const resync: Step = step('Unlock subscription', async (state, ctx) => {
  const model = await ctx.subscriptions.load(subscriptionIdOf(state));
  model.insync = true;
  return { subscription: model.saveRowOnly() };
});

/**
 * "Set subscription to '<lifecycle>'": convert `state.subscription` to the lifecycle; fails naming every missing
 * field, or the subscriptions that use it when the change is unsafe for them.
 */
export function setStatus(lifecycle: Lifecycle): Step {
  if (!isLifecycle(lifecycle)) throw new TypeError(`setStatus: unknown lifecycle ${String(lifecycle)}`);
  return step(`Set subscription to '${lifecycle}'`, async (state, ctx) => {
    const id = subscriptionIdOf(state);
    const model = await ctx.subscriptions.load(id);
    // Validated here for the new lifecycle; the tree itself does not change, so only the row is saved.
    convertLifecycle(model, lifecycle, await ctx.subscriptions.inUseBy(id), Date.now() / 1000);
    return { subscription: model.saveRowOnly() };
  });
}
