import { runForm, type Form, type FormContext, type FormLoad, type FormPage, type State } from '@wfo/engine';
import { z } from 'zod';
import type { ChosenSubscription, DomainFormServices } from '../domain-form-services';

function domainOf(ctx: FormContext): DomainFormServices {
  if (!ctx.domain) throw new Error('This form needs the product and subscription lookups of a WFO runtime');
  return ctx.domain;
}

/** Run the author's own form (one page or a generator) after the implicit first page. */
export function* authorPages(
  form: Form | undefined,
  state: State,
  ctx: FormContext,
): Generator<FormPage | FormLoad, State, State> {
  return form ? yield* runForm(form, state, ctx) : {};
}

/**
 * A create workflow's first page: the product, among those the application links to this workflow
 * (orchestrator-core's `ProductChoice`). The state gets `product` (its id) and `product_name`.
 */
export function* productChoicePage(workflowKey: string, ctx: FormContext): Generator<FormPage, State, State> {
  const products = domainOf(ctx).productsFor(workflowKey);
  const ids = products.map((p) => p.info.product_id);
  const choice =
    ids.length > 0
      ? z.enum(ids as [string, ...string[]]).meta({
          id: 'ProductChoice',
          options: Object.fromEntries(products.map((p) => [p.info.product_id, p.info.name])),
        })
      : z.string().refine(() => false, { message: 'This workflow is not valid for any product' });
  const answer = yield z.object({ product: choice });
  const chosen = products.find((p) => p.info.product_id === answer.product)!;
  return { product: chosen.info.product_id, product_name: chosen.info.name };
}

/** Any UUID Postgres accepts (orchestrator-core's check is no stricter). */
const subscriptionIdSchema = z.guid({ error: 'Invalid UUID' });

/**
 * The first page of modify, terminate, validate and reconcile workflows: `subscription_id` and an optional
 * `version`, checked against the database (it exists, the workflow may run on it now, the version is current).
 * Returns the chosen subscription for the pages after it.
 */
export function* subscriptionChoicePage(
  workflowKey: string,
  target: string,
  ctx: FormContext,
): Generator<FormPage, ChosenSubscription, State> {
  const domain = domainOf(ctx);
  let chosen: ChosenSubscription | undefined;
  // The check runs while the answer is validated (an async refinement); the generator reads its result after the
  // page returns, which is after validation finished.
  const page = z
    .object({ subscription_id: subscriptionIdSchema, version: z.number().int().nullable().optional() })
    .superRefine(async (value, issues) => {
      if (!subscriptionIdSchema.safeParse(value.subscription_id).success) return;
      const check = await domain.checkSubscription(value.subscription_id, workflowKey, target, value.version);
      if ('error' in check)
        issues.addIssue({ code: 'custom', message: check.error, path: check.atRoot ? [] : ['subscription_id'] });
      else chosen = check.ok;
    });
  yield page;
  if (!chosen) throw new Error('The subscription page validated without a subscription');
  return chosen;
}

/** The state a modify-type workflow starts with, from its chosen subscription (orchestrator-core's begin state). */
export function subscriptionBeginState(chosen: ChosenSubscription): State {
  return {
    subscription_id: chosen.subscription_id,
    product: chosen.product_id,
    customer_id: chosen.customer_id,
    version: chosen.version,
  };
}
