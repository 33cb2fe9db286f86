import { ProductLifecycle } from '@wfo/domain';
import { z } from 'zod';

/** orchestrator-core's `ProductLifecycle`: the statuses a product can be given (`products.status`). */
export const ProductLifecycleSchema = z.enum(ProductLifecycle).meta({ id: 'ProductLifecycle' });
export type { ProductLifecycle };

/** The status that retires a product; refused while it has subscriptions that are not terminated. */
export const END_OF_LIFE: ProductLifecycle = ProductLifecycle.END_OF_LIFE;
