import { Prisma } from '@wfo/db';
import type { OwnerLink } from './pages-by-owner';

// The nested connections of the schema: how a subscription or process row belongs to the item it is listed under.

const sql = Prisma.sql;

/** Subscriptions (`s`) of a process. */
export const SUBSCRIPTIONS_OF_PROCESS: OwnerLink = {
  join: sql`JOIN processes_subscriptions ps ON ps.subscription_id = s.subscription_id`,
  owner: sql`ps.pid`,
  ownerType: 'uuid',
};

/** Processes (`p`) of a subscription. */
export const PROCESSES_OF_SUBSCRIPTION: OwnerLink = {
  join: sql`JOIN processes_subscriptions ps ON ps.pid = p.pid`,
  owner: sql`ps.subscription_id`,
  ownerType: 'uuid',
};

/** Subscriptions of a product. */
export const SUBSCRIPTIONS_OF_PRODUCT: OwnerLink = { join: Prisma.empty, owner: sql`s.product_id`, ownerType: 'uuid' };

/** Subscriptions of a customer. */
export const SUBSCRIPTIONS_OF_CUSTOMER: OwnerLink = {
  join: Prisma.empty,
  owner: sql`s.customer_id`,
  ownerType: 'text',
};

/**
 * Subscriptions whose blocks use a block of another subscription, paired with it (`used`, `user`). The owner
 * condition is pushed into the DISTINCT, so only the owners' relations are read (`ix_subscription_instances_…`).
 */
const USES = sql`(
  SELECT DISTINCT mine.subscription_id AS used, parent.subscription_id AS user_id
    FROM subscription_instances mine
    JOIN subscription_instance_relations r ON r.depends_on_id = mine.subscription_instance_id
    JOIN subscription_instances parent ON parent.subscription_instance_id = r.in_use_by_id
   WHERE parent.subscription_id <> mine.subscription_id)`;

/** Subscriptions using a subscription (its in-use-by side). */
export const IN_USE_BY_SUBSCRIPTIONS: OwnerLink = {
  join: sql`JOIN ${USES} rel ON rel.user_id = s.subscription_id`,
  owner: sql`rel.used`,
  ownerType: 'uuid',
};

/** Subscriptions a subscription uses (its depends-on side). */
export const DEPENDS_ON_SUBSCRIPTIONS: OwnerLink = {
  join: sql`JOIN ${USES} rel ON rel.used = s.subscription_id`,
  owner: sql`rel.user_id`,
  ownerType: 'uuid',
};
