import { z } from 'zod';
import type { FormContext, SubscriptionSummary } from '@wfo/core';

/**
 * A choice among subscriptions, shown with their descriptions (the `options` a UI renders as labels). With nothing
 * to choose from, the field refuses every answer with `emptyMessage`, which says what to do first.
 */
export function subscriptionChoice(
  id: string,
  subscriptions: ReadonlyArray<Pick<SubscriptionSummary, 'subscription_id' | 'description'>>,
  emptyMessage: string,
): z.ZodType<string> {
  if (subscriptions.length === 0) {
    return z.string().refine(() => false, { message: emptyMessage });
  }
  const ids = subscriptions.map((s) => s.subscription_id) as [string, ...string[]];
  return z.enum(ids, { error: 'Choose one of the listed subscriptions' }).meta({
    id,
    options: Object.fromEntries(subscriptions.map((s) => [s.subscription_id, s.description])),
  });
}

/** The form services of the runtime (always there when a WFO runtime or the testing helpers run the form). */
export function domainOf(ctx: FormContext): NonNullable<FormContext['domain']> {
  if (!ctx.domain) throw new Error('This form needs the subscription lookups of a WFO runtime');
  return ctx.domain;
}
