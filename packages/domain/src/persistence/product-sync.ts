import type { PrismaClient } from '@wfo/db';
import type { ProductDefinition } from '../declarations/product';
import { allBlocks, blockOf, type BlockDef } from '../declarations/product-block';

/** Workflows linked to every product (orchestrator-core's `DEFAULT_PRODUCT_WORKFLOWS`). */
export const DEFAULT_PRODUCT_WORKFLOWS = ['modify_note'];

type Tx = Pick<
  PrismaClient,
  | 'product'
  | 'productBlock'
  | 'resourceType'
  | 'fixedInput'
  | 'productProductBlock'
  | 'productBlockRelation'
  | 'productBlockResourceType'
  | 'productWorkflow'
  | 'workflow'
  | 'subscriptionInstanceValue'
  | 'subscription'
>;

/** One change to bring the database in line with the declarations. */
export interface SyncAction {
  /** What it does, for the plan printed by `wfo products migrate`. */
  readonly description: string;
  /**
   * Changes or removes something that exists (and may delete stored values): refused at start, applied only by
   * the explicit `wfo products migrate`. Creating what is missing is never destructive.
   */
  readonly destructive: boolean;
  apply(tx: Tx): Promise<void>;
}

export interface SyncPlan {
  readonly actions: readonly SyncAction[];
  /** Products in the database that the application no longer declares: left alone, reported. */
  readonly undeclared: readonly string[];
}

/** Declarations that would change or remove existing data: start refuses and names them. */
export class DestructiveProductChangeError extends Error {
  override readonly name = 'DestructiveProductChangeError';
  constructor(readonly actions: readonly SyncAction[]) {
    super(
      `The declared products differ from the database in ways that change or remove existing data:\n` +
        actions.map((a) => `  - ${a.description}`).join('\n') +
        `\nReview them with \`wfo products migrate --app <app> --dry-run\`, then apply with \`wfo products migrate --app <app>\`.`,
    );
  }
}

const fieldsOf = (block: BlockDef) => Object.keys(block.fields);

/**
 * Compare the declared products with the database. Reads only; the plan's actions write when applied, in order
 * (resource types and blocks before the relations that use them).
 */
export async function planProductSync(db: Tx, products: readonly ProductDefinition[]): Promise<SyncPlan> {
  const blocks = allBlocks(products.flatMap((p) => Object.values(p.root)));
  // One query after the other: inside a transaction they share one connection.
  const dbProducts = await db.product.findMany({
    include: { fixedInputs: true, productBlocks: true, workflows: true },
  });
  const dbBlocks = await db.productBlock.findMany({ include: { resourceTypes: true, dependsOnRelations: true } });
  const dbResourceTypes = await db.resourceType.findMany();
  const dbWorkflows = await db.workflow.findMany({ where: { deleted_at: null } });
  // Rows first, then the links between them: a block may nest one declared after it.
  const creates: SyncAction[] = [];
  const actions: SyncAction[] = [];
  const blockByName = new Map(dbBlocks.map((b) => [b.name, b]));
  const blockNameById = new Map(dbBlocks.map((b) => [b.product_block_id, b.name]));
  const resourceTypeByName = new Map(dbResourceTypes.map((r) => [r.resource_type, r]));
  const resourceTypeNameById = new Map(dbResourceTypes.map((r) => [r.resource_type_id, r.resource_type]));
  // Workflows are registered before products are synced, and no action creates one: their ids are known here.
  const workflowIdByName = new Map(dbWorkflows.map((w) => [w.name, w.workflow_id]));
  const workflowNameById = new Map(dbWorkflows.map((w) => [w.workflow_id, w.name]));

  const blockId = async (tx: Tx, name: string) =>
    (await tx.productBlock.findUniqueOrThrow({ where: { name } })).product_block_id;
  const resourceTypeId = async (tx: Tx, name: string) =>
    (await tx.resourceType.findUniqueOrThrow({ where: { resource_type: name } })).resource_type_id;
  const productId = async (tx: Tx, name: string) =>
    (await tx.product.findUniqueOrThrow({ where: { name } })).product_id;

  // Resource types: one per field name, shared by every block that has the field.
  const fieldNames = [...new Set(blocks.flatMap(fieldsOf))];
  for (const name of fieldNames) {
    if (resourceTypeByName.has(name)) continue;
    creates.push({
      description: `create resource type "${name}"`,
      destructive: false,
      apply: async (tx) => {
        await tx.resourceType.create({ data: { resource_type: name, description: name } });
      },
    });
  }

  for (const block of blocks) {
    const existing = blockByName.get(block.name);
    if (!existing) {
      creates.push({
        description: `create product block "${block.name}"`,
        destructive: false,
        apply: async (tx) => {
          await tx.productBlock.create({
            data: { name: block.name, description: block.description, tag: block.tag, status: 'active' },
          });
        },
      });
    }
    const linkedTypes = new Set(
      (existing?.resourceTypes ?? []).map((l) => resourceTypeNameById.get(l.resource_type_id)),
    );
    for (const field of fieldsOf(block)) {
      if (linkedTypes.has(field)) continue;
      actions.push({
        description: `add resource type "${field}" to "${block.name}"`,
        destructive: false,
        apply: async (tx) => {
          await tx.productBlockResourceType.create({
            data: {
              product_block_id: await blockId(tx, block.name),
              resource_type_id: await resourceTypeId(tx, field),
            },
          });
        },
      });
    }
    for (const name of linkedTypes) {
      if (!name || fieldsOf(block).includes(name)) continue;
      actions.push({
        description: `remove resource type "${name}" from "${block.name}" (deletes its stored values)`,
        destructive: true,
        apply: async (tx) => {
          const pbId = await blockId(tx, block.name);
          const rtId = await resourceTypeId(tx, name);
          await tx.subscriptionInstanceValue.deleteMany({
            where: { resource_type_id: rtId, subscriptionInstance: { product_block_id: pbId } },
          });
          await tx.productBlockResourceType.delete({
            where: { product_block_id_resource_type_id: { product_block_id: pbId, resource_type_id: rtId } },
          });
        },
      });
    }
    const declaredChildren = new Map<string, { min: number | null; max: number | null }>();
    for (const nested of Object.values(block.blocks)) {
      declaredChildren.set(
        blockOf(nested).name,
        nested.kind === 'many'
          ? { min: nested.min, max: nested.max ?? null }
          : { min: nested.kind === 'block' ? 1 : 0, max: 1 },
      );
    }
    const existingChildren = new Map(
      (existing?.dependsOnRelations ?? []).map((r) => [blockNameById.get(r.depends_on_id), r]),
    );
    for (const [child, cardinality] of declaredChildren) {
      const current = existingChildren.get(child);
      if (!current) {
        // A required single block nested in an existing block: stored instances lack it and stop validating.
        const requiredInExisting = existing !== undefined && cardinality.min === 1 && cardinality.max === 1;
        actions.push({
          description: `nest "${child}" in "${block.name}"${requiredInExisting ? ' (existing instances do not have it)' : ''}`,
          destructive: requiredInExisting,
          apply: async (tx) => {
            await tx.productBlockRelation.create({
              data: {
                in_use_by_id: await blockId(tx, block.name),
                depends_on_id: await blockId(tx, child),
                ...cardinality,
              },
            });
          },
        });
      } else if (current.min !== cardinality.min || current.max !== cardinality.max) {
        actions.push({
          description: `change the cardinality of "${child}" in "${block.name}" to ${cardinality.min}..${cardinality.max ?? '∞'}`,
          destructive: true,
          apply: async (tx) => {
            await tx.productBlockRelation.update({
              where: {
                in_use_by_id_depends_on_id: {
                  in_use_by_id: current.in_use_by_id,
                  depends_on_id: current.depends_on_id,
                },
              },
              data: cardinality,
            });
          },
        });
      }
    }
    for (const [child, relation] of existingChildren) {
      if (!child || declaredChildren.has(child)) continue;
      actions.push({
        description: `stop nesting "${child}" in "${block.name}" (existing instances stay)`,
        destructive: true,
        apply: async (tx) => {
          await tx.productBlockRelation.delete({
            where: {
              in_use_by_id_depends_on_id: {
                in_use_by_id: relation.in_use_by_id,
                depends_on_id: relation.depends_on_id,
              },
            },
          });
        },
      });
    }
  }

  const dbProductByName = new Map(dbProducts.map((p) => [p.name, p]));
  for (const def of products) {
    const existing = dbProductByName.get(def.name);
    if (!existing) {
      creates.push({
        description: `create product "${def.name}"`,
        destructive: false,
        apply: async (tx) => {
          await tx.product.create({
            data: {
              name: def.name,
              description: def.description,
              product_type: def.type,
              tag: def.tag,
              status: def.status,
            },
          });
        },
      });
    } else {
      const changed = (['product_type', 'tag'] as const).filter(
        (k) => existing[k] !== (k === 'product_type' ? def.type : def.tag),
      );
      if (changed.length > 0) {
        actions.push({
          description: `change ${changed.join(' and ')} of product "${def.name}"`,
          destructive: true,
          apply: async (tx) => {
            await tx.product.update({ where: { name: def.name }, data: { product_type: def.type, tag: def.tag } });
          },
        });
      }
    }
    const linkedRoots = new Set((existing?.productBlocks ?? []).map((l) => blockNameById.get(l.product_block_id)));
    const declaredRoots = Object.values(def.root).map((b) => b.name);
    for (const root of declaredRoots) {
      if (linkedRoots.has(root)) continue;
      actions.push({
        description: `add root block "${root}" to product "${def.name}"${existing ? ' (existing subscriptions do not have it)' : ''}`,
        destructive: existing !== undefined,
        apply: async (tx) => {
          await tx.productProductBlock.create({
            data: { product_id: await productId(tx, def.name), product_block_id: await blockId(tx, root) },
          });
        },
      });
    }
    for (const root of linkedRoots) {
      if (!root || declaredRoots.includes(root)) continue;
      actions.push({
        description: `remove root block "${root}" from product "${def.name}"`,
        destructive: true,
        apply: async (tx) => {
          await tx.productProductBlock.delete({
            where: {
              product_id_product_block_id: {
                product_id: await productId(tx, def.name),
                product_block_id: await blockId(tx, root),
              },
            },
          });
        },
      });
    }
    const storedInputs = new Map((existing?.fixedInputs ?? []).map((f) => [f.name, f]));
    for (const [name, value] of Object.entries(def.fixedInputs)) {
      const stored = storedInputs.get(name);
      if (!stored) {
        actions.push({
          description: `add fixed input ${name}=${value} to product "${def.name}"`,
          destructive: false,
          apply: async (tx) => {
            await tx.fixedInput.create({ data: { name, value, product_id: await productId(tx, def.name) } });
          },
        });
      } else if (stored.value !== value) {
        actions.push({
          description: `change fixed input ${name} of product "${def.name}" from "${stored.value}" to "${value}"`,
          destructive: true,
          apply: async (tx) => {
            await tx.fixedInput.update({ where: { fixed_input_id: stored.fixed_input_id }, data: { value } });
          },
        });
      }
    }
    for (const [name, stored] of storedInputs) {
      if (name in def.fixedInputs) continue;
      actions.push({
        description: `remove fixed input ${name} from product "${def.name}"`,
        destructive: true,
        apply: async (tx) => {
          await tx.fixedInput.delete({ where: { fixed_input_id: stored.fixed_input_id } });
        },
      });
    }
    const wanted = [...new Set([...def.workflows, ...DEFAULT_PRODUCT_WORKFLOWS])];
    const linkedWorkflows = new Set((existing?.workflows ?? []).map((l) => workflowNameById.get(l.workflow_id)));
    for (const key of wanted) {
      if (linkedWorkflows.has(key)) continue;
      const workflowId = workflowIdByName.get(key);
      if (!workflowId)
        throw new Error(`Product "${def.name}" links workflow "${key}", which the application does not define`);
      actions.push({
        description: `link workflow "${key}" to product "${def.name}"`,
        destructive: false,
        apply: async (tx) => {
          await tx.productWorkflow.create({
            data: { product_id: await productId(tx, def.name), workflow_id: workflowId },
          });
        },
      });
    }
    for (const key of linkedWorkflows) {
      if (!key || wanted.includes(key)) continue;
      const workflowId = workflowIdByName.get(key)!;
      actions.push({
        description: `unlink workflow "${key}" from product "${def.name}"`,
        destructive: true,
        apply: async (tx) => {
          await tx.productWorkflow.delete({
            where: { product_id_workflow_id: { product_id: await productId(tx, def.name), workflow_id: workflowId } },
          });
        },
      });
    }
  }
  const declared = new Set(products.map((p) => p.name));
  return {
    actions: [...creates, ...actions],
    undeclared: dbProducts.map((p) => p.name).filter((n) => !declared.has(n)),
  };
}

/**
 * Bring the database in line with the declared products, in one transaction. At start: create what is declared
 * but missing, and refuse (naming them) changes that would alter or remove existing data; `wfo products migrate`
 * passes `allowDestructive` after printing the plan. Returns the applied plan.
 */
export async function syncProducts(
  prisma: PrismaClient,
  products: readonly ProductDefinition[],
  opts: { allowDestructive?: boolean } = {},
): Promise<SyncPlan> {
  return prisma.$transaction(
    async (tx) => {
      // API instances starting together must not both create the same rows: one syncs, the others then see no change.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('wfo.product-sync'))`;
      const plan = await planProductSync(tx, products);
      const destructive = plan.actions.filter((a) => a.destructive);
      if (destructive.length > 0 && !opts.allowDestructive) throw new DestructiveProductChangeError(destructive);
      for (const action of plan.actions) await action.apply(tx);
      return plan;
      // A first sync of several products is a few hundred statements, one round trip each: on a loaded machine that
      // outlasts Prisma's default 5 s, which would fail the API's start. Waiting for the lock counts too.
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
}
