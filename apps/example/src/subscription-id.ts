import type { State } from '@wfo/core';

/** The id of the subscription a workflow works on: the model in `state.subscription`, or `state.subscription_id`. */
export function subscriptionIdIn(state: State): string {
  const model = state.subscription as { subscription_id?: unknown } | undefined;
  const id = model?.subscription_id ?? state.subscription_id;
  if (typeof id !== 'string') throw new Error('No subscription in the state');
  return id;
}
