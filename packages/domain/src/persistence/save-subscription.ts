import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@wfo/db';
import { BlockInstance } from '../model/block-instance';
import { encodeField } from '../model/field-codec';
import { assertValidFor } from '../model/model-validation';
import type { SubscriptionModel } from '../model/subscription-model';
import { orderedUuid } from './ordered-uuid';
import type { ProductCatalog } from './product-catalog';
import { StaleSubscriptionError, SubscriptionSaveError } from './subscription-errors';

type Db = Pick<PrismaClient, '$queryRaw' | '$executeRaw'>;

interface Edge {
  readonly parent: string;
  readonly child: string;
  readonly attr: string;
  readonly order: number;
}

const toDate = (s: number | null): Date | null => (s === null ? null : new Date(s * 1000));

/** What saving a model writes of its tree, and whom it links. */
interface Tree {
  /** The instances the model owns (new ones included). */
  readonly owned: BlockInstance[];
  /** Parent → child edges; foreign instances appear only as children. */
  readonly edges: Edge[];
  /** The subscriptions owning the foreign instances it links (its depends-on side, as far as the model shows). */
  readonly linkedOwners: Set<string>;
}

function collectTree(model: SubscriptionModel): Tree {
  const owned: BlockInstance[] = [];
  const edges: Edge[] = [];
  const linkedOwners = new Set<string>();
  const seen = new Set<string>();
  const visit = (instance: BlockInstance) => {
    if (seen.has(instance.subscription_instance_id)) {
      throw new SubscriptionSaveError(
        `Cannot link the same subscription instance multiple times: ${instance.name} ${instance.subscription_instance_id}`,
      );
    }
    seen.add(instance.subscription_instance_id);
    if (instance.owner_subscription_id !== null && instance.owner_subscription_id !== model.subscription_id) {
      linkedOwners.add(instance.owner_subscription_id);
      return;
    }
    owned.push(instance);
    for (const [attr, nested] of Object.entries(instance.definition.blocks)) {
      const value = instance[attr];
      const children = nested.kind === 'many' ? (Array.isArray(value) ? value : []) : value ? [value] : [];
      children.forEach((child: unknown, order) => {
        if (!(child instanceof BlockInstance))
          throw new SubscriptionSaveError(`${instance.name}.${attr} holds something that is not a block`);
        edges.push({ parent: instance.subscription_instance_id, child: child.subscription_instance_id, attr, order });
        visit(child);
      });
    }
  };
  for (const [, root] of model.roots()) visit(root);
  return { owned, edges, linkedOwners };
}

/**
 * Store a model in the caller's transaction: the subscription row (optimistic lock on `version`; the database
 * trigger increments it), its own instances with their values, the relations of its tree (foreign instances are
 * only linked, never modified), and the removal of own instances it no longer has (refused while another
 * subscription uses them). The model is validated for its status first.
 */
export async function saveSubscription(db: Db, catalog: ProductCatalog, model: SubscriptionModel): Promise<void> {
  await saveModel(db, catalog, model);
}

/** {@link saveSubscription}, with the model's tree when the caller has collected it already. */
async function saveModel(db: Db, catalog: ProductCatalog, model: SubscriptionModel, tree?: Tree): Promise<void> {
  const rowOnly = model.savesRowOnly && !model.isNew;
  if (!rowOnly) assertValidFor(model, model.status);
  const product = await catalog.product(model.definition);
  const subscriptionId = model.subscription_id;
  // Everything that can be refused is checked before the first write; the model object is only updated (version,
  // ownership) once everything is written.
  const { owned, edges } = rowOnly ? { owned: [], edges: [] } : (tree ?? collectTree(model));
  const ownedIds = owned.map((i) => i.subscription_instance_id);
  let version: number;
  if (model.isNew) {
    await db.$executeRaw`
      INSERT INTO subscriptions (subscription_id, description, status, product_id, customer_id, insync, start_date, end_date, note, version)
      VALUES (${subscriptionId}::uuid, ${model.description}, ${model.status}, ${product.info.product_id}::uuid, ${model.customer_id},
              ${model.insync}, ${toDate(model.start_date)}, ${toDate(model.end_date)}, ${model.note}, 1)`;
    version = 1;
  } else {
    const updated = await db.$queryRaw<Array<{ version: number }>>`
      UPDATE subscriptions SET description = ${model.description}, status = ${model.status}, customer_id = ${model.customer_id},
             insync = ${model.insync}, start_date = ${toDate(model.start_date)}, end_date = ${toDate(model.end_date)},
             note = ${model.note === '' ? null : model.note}
      WHERE subscription_id = ${subscriptionId}::uuid AND version = ${model.version}
      RETURNING version`;
    if (!updated[0]) {
      const [current] = await db.$queryRaw<Array<{ version: number }>>`
        SELECT version FROM subscriptions WHERE subscription_id = ${subscriptionId}::uuid`;
      throw new StaleSubscriptionError(subscriptionId, model.version, current?.version ?? null);
    }
    version = updated[0].version;
  }
  if (rowOnly) {
    model.markSaved(version);
    return;
  }

  const claimed = await db.$queryRaw<Array<{ subscription_instance_id: string; subscription_id: string }>>`
    SELECT subscription_instance_id::text, subscription_id::text FROM subscription_instances
    WHERE subscription_instance_id = ANY(${ownedIds}::uuid[]) AND subscription_id <> ${subscriptionId}::uuid LIMIT 1`;
  if (claimed[0]) {
    throw new SubscriptionSaveError(
      `Instance ${claimed[0].subscription_instance_id} belongs to subscription ${claimed[0].subscription_id}: ` +
        `a new block placed in two subscriptions belongs to the one saved first; save the owner in an earlier step`,
    );
  }

  const stale = await db.$queryRaw<Array<{ subscription_instance_id: string; used_by: string | null }>>`
    SELECT si.subscription_instance_id,
           (SELECT p.subscription_id::text FROM subscription_instance_relations r
              JOIN subscription_instances p ON p.subscription_instance_id = r.in_use_by_id
             WHERE r.depends_on_id = si.subscription_instance_id AND p.subscription_id <> si.subscription_id LIMIT 1) AS used_by
    FROM subscription_instances si
    WHERE si.subscription_id = ${subscriptionId}::uuid AND NOT (si.subscription_instance_id = ANY(${ownedIds}::uuid[]))`;
  const inUse = stale.find((s) => s.used_by);
  if (inUse) {
    throw new SubscriptionSaveError(
      `Instance ${inUse.subscription_instance_id} is used by subscription ${inUse.used_by}: it cannot be removed from ${subscriptionId}`,
    );
  }
  if (stale.length > 0) {
    await db.$executeRaw`DELETE FROM subscription_instances WHERE subscription_instance_id = ANY(${stale.map((s) => s.subscription_instance_id)}::uuid[])`;
  }

  const blockIds = await Promise.all(owned.map((i) => catalog.blockId(i.name)));
  await db.$executeRaw`
    INSERT INTO subscription_instances (subscription_instance_id, subscription_id, product_block_id, label)
    SELECT id, ${subscriptionId}::uuid, block, label FROM unnest(${ownedIds}::uuid[], ${blockIds}::uuid[], ${owned.map((i) => i.label)}::text[]) AS t(id, block, label)
    ON CONFLICT (subscription_instance_id) DO UPDATE SET label = EXCLUDED.label`;

  const valueInstance: string[] = [];
  const valueType: string[] = [];
  const valueText: string[] = [];
  const valueIds: string[] = [];
  for (const instance of owned) {
    for (const [field, schema] of Object.entries(instance.definition.fields)) {
      const typeId = await catalog.resourceTypeId(field);
      for (const text of encodeField(schema, instance[field])) {
        valueIds.push(orderedUuid());
        valueInstance.push(instance.subscription_instance_id);
        valueType.push(typeId);
        valueText.push(text);
      }
    }
  }
  await db.$executeRaw`DELETE FROM subscription_instance_values WHERE subscription_instance_id = ANY(${ownedIds}::uuid[])`;
  if (valueIds.length > 0) {
    await db.$executeRaw`
      INSERT INTO subscription_instance_values (subscription_instance_value_id, subscription_instance_id, resource_type_id, value)
      SELECT * FROM unnest(${valueIds}::uuid[], ${valueInstance}::uuid[], ${valueType}::uuid[], ${valueText}::text[])`;
  }

  await db.$executeRaw`DELETE FROM subscription_instance_relations WHERE in_use_by_id = ANY(${ownedIds}::uuid[])`;
  if (edges.length > 0) {
    await db.$executeRaw`
      INSERT INTO subscription_instance_relations (in_use_by_id, depends_on_id, order_id, domain_model_attr)
      SELECT * FROM unnest(${edges.map((e) => e.parent)}::uuid[], ${edges.map((e) => e.child)}::uuid[],
                           ${edges.map((e) => e.order)}::int[], ${edges.map((e) => e.attr)}::text[])`;
  }
  for (const instance of owned) instance.owner_subscription_id = subscriptionId;
  model.markSaved(version);
}

/**
 * Save several models in one transaction, owners before the models that link their instances (a new service
 * linking a new port's block must find the port's instance stored).
 */
export async function saveSubscriptions(
  db: Db,
  catalog: ProductCatalog,
  models: readonly SubscriptionModel[],
): Promise<void> {
  // A new block (no owner yet) placed in two of the models has no owner to save first: say so rather than let the
  // order of the step's output decide whose it is.
  // Saving one model does not change another's tree (only a new block in two trees could, and that is refused
  // here), so each tree is collected once.
  const trees = new Map(models.map((m) => [m, collectTree(m)]));
  const placedIn = new Map<BlockInstance, string>();
  for (const [model, tree] of trees) {
    for (const instance of tree.owned) {
      if (instance.owner_subscription_id !== null) continue;
      const other = placedIn.get(instance);
      if (other !== undefined && other !== model.subscription_id) {
        throw new SubscriptionSaveError(
          `New ${instance.name} ${instance.subscription_instance_id} is placed in subscriptions ${other} and ` +
            `${model.subscription_id}: save it with its owner first (in an earlier step), then link it`,
        );
      }
      placedIn.set(instance, model.subscription_id);
    }
  }
  const byId = new Map(models.map((m) => [m.subscription_id, m]));
  const saved = new Set<string>();
  const visiting = new Set<string>();
  const save = async (model: SubscriptionModel): Promise<void> => {
    if (saved.has(model.subscription_id) || visiting.has(model.subscription_id)) return;
    visiting.add(model.subscription_id);
    const tree = trees.get(model)!;
    for (const owner of tree.linkedOwners) {
      const other = byId.get(owner);
      if (other) await save(other);
    }
    await saveModel(db, catalog, model, tree);
    saved.add(model.subscription_id);
  };
  for (const model of models) await save(model);
}

/** Record that a process worked on a subscription (`processes_subscriptions`), once. */
export async function linkProcess(
  db: Db,
  processId: string,
  subscriptionId: string,
  workflowTarget: string | null,
): Promise<void> {
  await db.$executeRaw`
    INSERT INTO processes_subscriptions (id, pid, subscription_id, workflow_target)
    SELECT ${randomUUID()}::uuid, ${processId}::uuid, ${subscriptionId}::uuid, ${workflowTarget}
    WHERE NOT EXISTS (
      SELECT 1 FROM processes_subscriptions WHERE pid = ${processId}::uuid AND subscription_id = ${subscriptionId}::uuid
    )`;
}
