import { z } from 'zod';
import { epochSeconds, uuidString } from '../schemas/scalars';

/** orchestrator-core's `SubscriptionDescriptionSchema`: one customer's own description of a subscription. */
export const SubscriptionDescriptionSchema = z
  .object({
    description: z.string(),
    customer_id: z.string(),
    subscription_id: uuidString,
    id: uuidString,
    created_at: epochSeconds.nullable(),
    version: z.number().int(),
  })
  .meta({ id: 'SubscriptionDescriptionSchema' });
export type SubscriptionDescriptionJson = z.output<typeof SubscriptionDescriptionSchema>;
