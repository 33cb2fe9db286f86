import { z } from 'zod';

/** orchestrator-core's `ProductLifecycle`: the statuses a product can be given (`products.status`). */
export const ProductLifecycleSchema = z
  .enum(['active', 'pre production', 'phase out', 'end of life'])
  .meta({ id: 'ProductLifecycle' });
export type ProductLifecycle = z.output<typeof ProductLifecycleSchema>;

/** The status that retires a product; refused while it has subscriptions that are not terminated. */
export const END_OF_LIFE: ProductLifecycle = 'end of life';
