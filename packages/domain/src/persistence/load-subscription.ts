import type { PrismaClient } from '@wfo/db';
import { BlockInstance } from '../model/block-instance';
import { decodeField } from '../model/field-codec';
import { SubscriptionModel } from '../model/subscription-model';
import type { Lifecycle } from '../lifecycle';
import { ProductNotSyncedError, type ProductCatalog } from './product-catalog';
import { SubscriptionNotFoundError } from './subscription-errors';
import { epochSeconds } from './epoch-seconds';

type Db = Pick<PrismaClient, '$queryRaw'>;

interface SubscriptionRow {
  product_name: string;
  product_description: string;
  product_type: string;
  product_tag: string;
  product_status: string;
  product_created_at: Date | null;
  product_end_date: Date | null;
  subscription_id: string;
  description: string;
  status: string;
  product_id: string;
  customer_id: string;
  insync: boolean;
  start_date: Date | null;
  end_date: Date | null;
  note: string | null;
  version: number;
}

interface InstanceRow {
  subscription_instance_id: string;
  subscription_id: string;
  product_block_id: string;
  label: string | null;
}

interface ValueRow {
  subscription_instance_id: string;
  resource_type_id: string;
  value: string;
}

interface RelationRow {
  in_use_by_id: string;
  depends_on_id: string;
  order_id: number;
  domain_model_attr: string | null;
}

/**
 * Load a subscription as its product's model: the row, and the whole instance tree in three queries (instances,
 * values, relations) over the instances it owns plus every instance they reach in other subscriptions.
 */
export async function loadSubscription(
  db: Db,
  catalog: ProductCatalog,
  subscriptionId: string,
): Promise<SubscriptionModel> {
  // The product's columns come fresh with the row (a PATCHed description or status shows at once).
  const [row] = await db.$queryRaw<SubscriptionRow[]>`
    SELECT s.subscription_id, s.description, s.status, s.product_id, s.customer_id, s.insync, s.start_date, s.end_date,
           s.note, s.version, p.name AS product_name, p.description AS product_description, p.product_type,
           p.tag AS product_tag, p.status AS product_status, p.created_at AS product_created_at,
           p.end_date AS product_end_date
    FROM subscriptions s JOIN products p ON p.product_id = s.product_id
    WHERE s.subscription_id = ${subscriptionId}::uuid`;
  if (!row) throw new SubscriptionNotFoundError(subscriptionId);
  const product = await catalog.product(row.product_id);

  const instances = await db.$queryRaw<InstanceRow[]>`
    WITH RECURSIVE tree(id) AS (
      SELECT subscription_instance_id FROM subscription_instances WHERE subscription_id = ${subscriptionId}::uuid
      UNION
      SELECT r.depends_on_id FROM subscription_instance_relations r JOIN tree t ON r.in_use_by_id = t.id
    )
    SELECT si.subscription_instance_id, si.subscription_id, si.product_block_id, si.label
    FROM subscription_instances si JOIN tree t ON t.id = si.subscription_instance_id`;
  const ids = instances.map((i) => i.subscription_instance_id);
  const [values, relations] = await Promise.all([
    db.$queryRaw<ValueRow[]>`
      SELECT subscription_instance_id, resource_type_id, value FROM subscription_instance_values
      WHERE subscription_instance_id = ANY(${ids}::uuid[]) ORDER BY subscription_instance_value_id`,
    db.$queryRaw<RelationRow[]>`
      SELECT in_use_by_id, depends_on_id, order_id, domain_model_attr FROM subscription_instance_relations
      WHERE in_use_by_id = ANY(${ids}::uuid[]) ORDER BY in_use_by_id, domain_model_attr, order_id`,
  ]);
  const resourceTypeNames = await catalog.resourceTypeNames();

  const blocks = new Map<string, BlockInstance>();
  for (const inst of instances) {
    const name = await catalog.blockName(inst.product_block_id);
    const definition = catalog.blocks.get(name);
    if (!definition) throw new ProductNotSyncedError(`Product block "${name}" is not declared by this application`);
    blocks.set(
      inst.subscription_instance_id,
      new BlockInstance(definition, {
        id: inst.subscription_instance_id,
        owner: inst.subscription_id,
        label: inst.label,
      }),
    );
  }
  const texts = new Map<string, Map<string, string[]>>();
  for (const v of values) {
    const field = resourceTypeNames.get(v.resource_type_id);
    if (!field) continue;
    const byField = texts.get(v.subscription_instance_id) ?? new Map<string, string[]>();
    byField.set(field, [...(byField.get(field) ?? []), v.value]);
    texts.set(v.subscription_instance_id, byField);
  }
  for (const [id, instance] of blocks) {
    for (const [field, schema] of Object.entries(instance.definition.fields)) {
      instance[field] = decodeField(schema, texts.get(id)?.get(field) ?? []);
    }
    for (const [key, nested] of Object.entries(instance.definition.blocks))
      instance[key] = nested.kind === 'many' ? [] : null;
  }
  const children = new Set<string>();
  for (const rel of relations) {
    const parent = blocks.get(rel.in_use_by_id);
    const child = blocks.get(rel.depends_on_id);
    if (!parent || !child || !rel.domain_model_attr) continue;
    const nested = parent.definition.blocks[rel.domain_model_attr];
    if (!nested) continue;
    if (parent.owner_subscription_id === subscriptionId) children.add(child.subscription_instance_id);
    if (nested.kind === 'many') (parent[rel.domain_model_attr] as BlockInstance[]).push(child);
    else parent[rel.domain_model_attr] = child;
  }

  const model = new SubscriptionModel(product.definition, {
    subscription_id: row.subscription_id,
    customer_id: row.customer_id,
    description: row.description,
    status: row.status as Lifecycle,
    insync: row.insync,
    start_date: epochSeconds(row.start_date),
    end_date: epochSeconds(row.end_date),
    note: row.note,
    version: row.version,
    product: {
      product_id: row.product_id,
      name: row.product_name,
      description: row.product_description,
      product_type: row.product_type,
      tag: row.product_tag,
      status: row.product_status,
      created_at: epochSeconds(row.product_created_at),
      end_date: epochSeconds(row.product_end_date),
    },
    isNew: false,
  });
  for (const [key, rootBlock] of Object.entries(product.definition.root)) {
    const root = [...blocks.values()].find(
      (b) =>
        b.owner_subscription_id === subscriptionId &&
        b.name === rootBlock.name &&
        !children.has(b.subscription_instance_id),
    );
    model[key] = root ?? null;
  }
  return model;
}
