import { SAFE_PARENT_STATUSES, type Lifecycle } from '../lifecycle';
import type { RelatedSubscription } from '../persistence/relations';
import { assertValidFor } from './model-validation';
import type { SubscriptionModel } from './subscription-model';

/** Moving the subscription to this status would leave subscriptions that use it in a status that cannot stand. */
export class UnsafeStatusChangeError extends Error {
  override readonly name = 'UnsafeStatusChangeError';
}

/**
 * Convert a model to another lifecycle (orchestrator-core's `from_other_lifecycle`): the whole tree must be valid
 * for it (the error names every missing field), and every subscription using one of its instances must be in a
 * status that is safe for it (reference §2.4 (b)). Becoming active sets `start_date`, terminated sets `end_date`
 * (when not set yet). `now` is Unix epoch seconds.
 */
export function convertLifecycle(
  model: SubscriptionModel,
  lifecycle: Lifecycle,
  inUseBy: readonly RelatedSubscription[],
  now: number,
): SubscriptionModel {
  assertValidFor(model, lifecycle);
  const safe = SAFE_PARENT_STATUSES[lifecycle];
  const unsafe = inUseBy.filter((s) => !(safe as readonly string[]).includes(s.status));
  if (unsafe.length > 0) {
    throw new UnsafeStatusChangeError(
      `Unsafe status change of Subscription with depending subscriptions: ${unsafe
        .map((s) => `${s.subscription_id} (${s.description}, ${s.status})`)
        .join(', ')}`,
    );
  }
  model.status = lifecycle;
  if (lifecycle === 'active' && model.start_date === null) model.start_date = now;
  if (lifecycle === 'terminated' && model.end_date === null) model.end_date = now;
  return model;
}
