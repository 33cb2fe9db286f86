import type { PrismaClient } from '@wfo/db';

type Db = Pick<PrismaClient, '$queryRaw'>;

/** Another subscription at the end of a relation, with what the availability rules look at. */
export interface RelatedSubscription {
  readonly subscription_id: string;
  readonly description: string;
  readonly status: string;
  readonly insync: boolean;
}

/** Subscriptions whose instances use (depend on) instances owned by this one: its in-use-by side (reference §2.4). */
export async function inUseBySubscriptions(db: Db, subscriptionId: string): Promise<RelatedSubscription[]> {
  return db.$queryRaw<RelatedSubscription[]>`
    SELECT DISTINCT s.subscription_id::text, s.description, s.status, s.insync
    FROM subscription_instances mine
    JOIN subscription_instance_relations r ON r.depends_on_id = mine.subscription_instance_id
    JOIN subscription_instances parent ON parent.subscription_instance_id = r.in_use_by_id
    JOIN subscriptions s ON s.subscription_id = parent.subscription_id
    WHERE mine.subscription_id = ${subscriptionId}::uuid AND parent.subscription_id <> mine.subscription_id`;
}

/** Subscriptions owning instances this one uses: its depends-on side. */
export async function dependsOnSubscriptions(db: Db, subscriptionId: string): Promise<RelatedSubscription[]> {
  return db.$queryRaw<RelatedSubscription[]>`
    SELECT DISTINCT s.subscription_id::text, s.description, s.status, s.insync
    FROM subscription_instances mine
    JOIN subscription_instance_relations r ON r.in_use_by_id = mine.subscription_instance_id
    JOIN subscription_instances child ON child.subscription_instance_id = r.depends_on_id
    JOIN subscriptions s ON s.subscription_id = child.subscription_id
    WHERE mine.subscription_id = ${subscriptionId}::uuid AND child.subscription_id <> mine.subscription_id`;
}

/** An instance using another: the in-use-by side of one relation. */
export interface InstanceUser {
  readonly subscription_instance_id: string;
  readonly subscription_id: string;
}

/**
 * Per instance owned by this subscription: the instances of other subscriptions that use it, and with `includeOwn`
 * also its parents inside the subscription itself (listed after the other subscriptions' instances).
 */
export async function inUseByPerInstance(
  db: Db,
  subscriptionId: string,
  { includeOwn = false }: { readonly includeOwn?: boolean } = {},
): Promise<Map<string, InstanceUser[]>> {
  const rows = await db.$queryRaw<Array<{ instance: string; user_instance: string; user_subscription: string }>>`
    SELECT mine.subscription_instance_id::text AS instance, parent.subscription_instance_id::text AS user_instance,
           parent.subscription_id::text AS user_subscription
    FROM subscription_instances mine
    JOIN subscription_instance_relations r ON r.depends_on_id = mine.subscription_instance_id
    JOIN subscription_instances parent ON parent.subscription_instance_id = r.in_use_by_id
    WHERE mine.subscription_id = ${subscriptionId}::uuid
      AND (${includeOwn}::boolean OR parent.subscription_id <> mine.subscription_id)
    ORDER BY parent.subscription_id = mine.subscription_id`;
  const result = new Map<string, InstanceUser[]>();
  for (const row of rows) {
    const list = result.get(row.instance) ?? [];
    list.push({ subscription_instance_id: row.user_instance, subscription_id: row.user_subscription });
    result.set(row.instance, list);
  }
  return result;
}
