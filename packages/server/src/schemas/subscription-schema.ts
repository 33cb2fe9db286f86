import { z } from 'zod';
import { epochSeconds, uuidString } from './scalars';

/** orchestrator-core's `ProductBaseSchema`, as nested in a subscription. */
export const ProductBaseSchema = z
  .object({
    product_id: uuidString,
    name: z.string(),
    description: z.string(),
    product_type: z.string(),
    status: z.string(),
    tag: z.string(),
    created_at: epochSeconds.nullable(),
    end_date: epochSeconds.nullable(),
  })
  .meta({ id: 'ProductBaseSchema' });

/**
 * orchestrator-core's `SubscriptionSchema` as the process endpoints send it. `name`, `tag` and
 * `customer_descriptions` exist in that schema but are never filled by these endpoints: they are `null`.
 */
export const SubscriptionSchema = z
  .object({
    subscription_id: uuidString,
    start_date: epochSeconds.nullable(),
    description: z.string(),
    status: z.string(),
    product_id: uuidString,
    customer_id: z.string(),
    insync: z.boolean(),
    note: z.string().nullable(),
    name: z.null(),
    end_date: epochSeconds.nullable(),
    product: ProductBaseSchema,
    customer_descriptions: z.null(),
    tag: z.null(),
    version: z.number().int(),
  })
  .meta({ id: 'SubscriptionSchema' });
export type SubscriptionJson = z.output<typeof SubscriptionSchema>;
