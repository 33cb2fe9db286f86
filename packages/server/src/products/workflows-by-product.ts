import { Prisma, type PrismaClient } from '@wfo/db';
import type { Workflow } from '@wfo/engine';
import type { WorkflowJson } from '../schemas/workflow-schema';

interface ProductWorkflowRow {
  readonly owner_id: string;
  readonly name: string;
  readonly target: string;
  readonly is_task: boolean;
  readonly description: string;
  readonly created_at: number;
  readonly workflow_id: string;
}

/**
 * The workflows linked to some products, by product id and by name: one query whatever the number of products.
 * Deleted workflows are left out, as orchestrator-core's product relation leaves them out. `steps` come from the
 * registry, as in `GET /api/workflows` (`null` for a workflow this app does not register).
 */
export async function workflowsByProduct(
  prisma: PrismaClient,
  registry: ReadonlyMap<string, Workflow>,
  productIds: readonly string[],
): Promise<Map<string, WorkflowJson[]>> {
  const byProduct = new Map<string, WorkflowJson[]>();
  if (productIds.length === 0) return byProduct;
  const rows = await prisma.$queryRaw<ProductWorkflowRow[]>(Prisma.sql`
    SELECT pw.product_id::text AS owner_id, w.name, w.target, w.is_task, w.description,
           extract(epoch FROM w.created_at)::float8 AS created_at, w.workflow_id::text AS workflow_id
      FROM products_workflows pw
      JOIN workflows w ON w.workflow_id = pw.workflow_id
     WHERE pw.product_id = ANY(${[...productIds]}::uuid[]) AND w.deleted_at IS NULL
     ORDER BY w.name`);
  for (const { owner_id, ...row } of rows) {
    const definition = registry.get(row.name);
    const list = byProduct.get(owner_id) ?? [];
    list.push({
      ...row,
      target: row.target as WorkflowJson['target'],
      steps: definition ? definition.steps.steps.map((s) => ({ name: s.name })) : null,
    });
    byProduct.set(owner_id, list);
  }
  return byProduct;
}
