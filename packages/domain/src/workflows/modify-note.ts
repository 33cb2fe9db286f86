import { done, init, step, steps, Target, workflow, type FormGenerator, type Workflow } from '@wfo/engine';
import { z } from 'zod';
import { subscriptionBeginState, subscriptionChoicePage } from './first-pages';
import { storeProcessSubscription, subscriptionIdOf } from './subscription-steps';

/** `subscriptions.note` and `processes.note` are at most this long. */
export const NOTE_LENGTH = 5000;

const noteForm: FormGenerator = function* (_state, ctx) {
  const chosen = yield* subscriptionChoicePage('modify_note', Target.MODIFY, ctx);
  const answer = (yield z.object({ note: z.string().max(NOTE_LENGTH).nullable().default(chosen.note) })) as {
    note: string | null;
  };
  return {
    ...subscriptionBeginState(chosen),
    old_note: chosen.note,
    note: answer.note,
  };
};

/**
 * The built-in `modify_note` workflow (always registered, linked to every product, usable while the subscription
 * is out of sync): store a new note on a subscription.
 */
export const modifyNote: Workflow = workflow(
  { key: 'modify_note', description: 'Modify Note', target: Target.MODIFY, initialInputForm: noteForm },
  steps(
    init,
    storeProcessSubscription,
    step('Store note', async (state, ctx) => {
      const model = await ctx.subscriptions.load(subscriptionIdOf(state));
      const previous = model.toJSON();
      model.note = typeof state.note === 'string' && state.note !== '' ? state.note : null;
      return { subscription: model.saveRowOnly(), __old_subscriptions__: { [model.subscription_id]: previous } };
    }),
    done,
  ),
);
