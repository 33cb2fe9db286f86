import type { PrismaClient } from '@wfo/db';
import { inUseByPerInstance, type SubscriptionModel } from '@wfo/domain';

type Db = Pick<PrismaClient, '$queryRaw'>;

type Json = Record<string, unknown>;

/**
 * The extended domain model of `GET /api/subscriptions/domain-model/{id}`: the model's JSON with, on every block
 * instance, `in_use_by_ids` and `in_use_by_relations` (the instances of other subscriptions using it; with
 * `filterOwnerRelations` false, also those of the subscription itself), plus the subscription's customer
 * descriptions.
 */
export async function extendedDomainModel(
  db: Db,
  model: SubscriptionModel,
  filterOwnerRelations: boolean,
): Promise<Json> {
  const json = JSON.parse(JSON.stringify(model)) as Json;
  const inUseBy = await inUseByPerInstance(db, model.subscription_id, { includeOwn: !filterOwnerRelations });
  const inject = (value: unknown): void => {
    if (Array.isArray(value)) {
      value.forEach(inject);
      return;
    }
    if (typeof value !== 'object' || value === null) return;
    const block = value as Json;
    // Children first: the relations added below name instances too, and must not get relations of their own.
    for (const [key, child] of Object.entries(block)) if (key !== 'product') inject(child);
    const id = block.subscription_instance_id;
    if (typeof id === 'string') {
      const relations = inUseBy.get(id) ?? [];
      block.in_use_by_ids = relations.map((r) => r.subscription_instance_id);
      block.in_use_by_relations = relations;
    }
  };
  for (const [key, value] of Object.entries(json)) if (key !== 'product') inject(value);
  json.customer_descriptions = await db.$queryRaw<Json[]>`
    SELECT id::text, subscription_id::text, customer_id, description, extract(epoch FROM created_at)::float8 AS created_at, version
    FROM subscription_customer_descriptions WHERE subscription_id = ${model.subscription_id}::uuid ORDER BY created_at`;
  return json;
}
