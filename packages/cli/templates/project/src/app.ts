// Your orchestrator: the products you sell and the workflows that provision them. `npm start` runs it with
// `wfo dev` (API, worker and, when none answers, a Postgres and a Redis of its own); see README.md.
import { z } from 'zod';
import { createWorkflow, defineOrchestrator, product, productBlock, step, steps } from '@wfo/core';

/** A product block: the fields a subscription holds, and the lifecycle in which each must be set. */
export const siteBlock = productBlock('SiteBlock', {
  fields: { site_name: z.string(), site_code: z.string(), address: z.string() },
  requiredIn: { active: ['site_name', 'site_code', 'address'] },
});

/** A product: what a customer subscribes to, and the workflows that act on its subscriptions. */
export const siteProduct = product({
  name: 'Site',
  type: 'Site',
  tag: 'SITE',
  description: 'A customer site',
  root: { site: siteBlock },
  workflows: ['create_site'],
});

/** The create form (after the product choice that `createWorkflow` adds): a zod object is one form page. */
export const siteForm = z.object({
  customer_id: z.string().min(1),
  site_name: z.string().min(2, 'A site name has at least two characters'),
  address: z.string().min(1),
});

/** A step returns the state keys it adds or changes; a step that throws fails the process at that step. */
export const planSite = step('Plan the site', (state) => ({
  site_code: String(state.site_name)
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '-')
    .replace(/^-|-$/g, ''),
}));

export const createSite = createWorkflow(
  { key: 'create_site', description: 'Create a site', initialInputForm: siteForm },
  steps(
    planSite,
    step('Create subscription', async (state, ctx) => {
      const subscription = await ctx.subscriptions.create(siteProduct, { customerId: String(state.customer_id) });
      subscription.site.site_name = String(state.site_name);
      subscription.site.site_code = String(state.site_code);
      subscription.site.address = String(state.address);
      return { subscription }; // saved in this step's checkpoint
    }),
  ),
  // then, added by createWorkflow: "Set subscription to 'active'", "Unlock subscription", "Done"
);

// `wfo` loads the application from the module's default export.
export default defineOrchestrator({ workflows: [createSite], products: [siteProduct] });
