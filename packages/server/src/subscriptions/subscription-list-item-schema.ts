import { z } from 'zod';
import { SubscriptionDescriptionSchema } from '../customer-descriptions/customer-description-schema';
import { SubscriptionSchema } from '../schemas/subscription-schema';

/**
 * An item of `GET /api/subscriptions`: orchestrator-core's `SubscriptionSchema` with its customer descriptions
 * filled in, plus `metadata` as its `SubscriptionWithMetadata` has it (`null` when the subscription has none).
 * `name` and `tag` exist in that schema but are columns of no table: always `null`.
 */
export const SubscriptionListItemSchema = SubscriptionSchema.extend({
  customer_descriptions: z.array(SubscriptionDescriptionSchema),
  metadata: z.unknown().meta({ description: 'Free-form JSON metadata of the subscription; null without any.' }),
}).meta({ id: 'SubscriptionWithMetadata' });
export type SubscriptionListItemJson = z.output<typeof SubscriptionListItemSchema>;
