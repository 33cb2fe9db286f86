import { Prisma, type PrismaClient } from '@wfo/db';
import type { Workflow } from '@wfo/engine';
import type { WorkflowJson } from '../schemas/workflow-schema';
import { toWorkflowJson, WORKFLOW_COLUMNS, type WorkflowRow } from '../workflows/workflow-queries';
import { groupBy } from '../group-by';

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
  if (productIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<WorkflowRow & { owner_id: string }>>(Prisma.sql`
    SELECT pw.product_id::text AS owner_id, ${WORKFLOW_COLUMNS}
      FROM products_workflows pw
      JOIN workflows w ON w.workflow_id = pw.workflow_id
     WHERE pw.product_id = ANY(${[...productIds]}::uuid[]) AND w.deleted_at IS NULL
     ORDER BY w.name`);
  return groupBy(
    rows,
    (row) => row.owner_id,
    (row) => toWorkflowJson(row, registry),
  );
}
