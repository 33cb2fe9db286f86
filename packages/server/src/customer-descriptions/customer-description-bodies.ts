import { z } from 'zod';
import { parseFilterDate } from '../list-query/filter-date';
import { descriptionField } from '../metadata/description-patch-body';
import { uuidParam } from '../schemas/scalars';

const customerId = z.string().min(1, { error: 'must not be empty' });

/** orchestrator-core's `SubscriptionDescriptionBaseSchema`, the body of a create. Unknown keys answer 422. */
export const CreateCustomerDescriptionBody = z
  .object({ description: descriptionField, customer_id: customerId, subscription_id: uuidParam })
  .strict()
  .meta({ id: 'SubscriptionDescriptionBaseSchema' });

/**
 * A point in time in a body: epoch seconds, the form REST bodies carry (and a GET answered), or ISO 8601 (UTC
 * without an offset), which orchestrator-core's pydantic accepts as well. Parsed to epoch seconds.
 */
const bodyDateTime = z
  .union([z.number(), z.string()])
  .transform((value, ctx) => {
    const seconds = typeof value === 'number' ? value : parseFilterDate(value);
    if (seconds === null || !Number.isFinite(seconds)) {
      ctx.addIssue({ code: 'custom', message: 'not an ISO 8601 date or epoch seconds' });
      return z.NEVER;
    }
    return seconds;
  })
  .meta({ description: 'Unix epoch seconds or ISO 8601' });

/**
 * orchestrator-core's `UpdateSubscriptionDescriptionSchema`, the body of an update: the description is found by
 * customer and subscription. With `version`, the update happens only if it is still the stored version (optimistic
 * locking); `created_at` defaults to now. Unknown keys answer 422.
 */
export const UpdateCustomerDescriptionBody = z
  .object({
    id: uuidParam,
    description: descriptionField,
    customer_id: customerId,
    subscription_id: uuidParam,
    created_at: bodyDateTime.nullable().optional(),
    version: z.number().int().nullable().optional(),
  })
  .strict()
  .meta({ id: 'UpdateSubscriptionDescriptionSchema' });
export type UpdateCustomerDescription = z.output<typeof UpdateCustomerDescriptionBody>;
