import { Prisma, type PrismaClient } from '@wfo/db';
import type { Workflow } from '@wfo/engine';
import type { ListTotal } from '../list-query/count-total';
import { readListPage, type ParsedListQuery } from '../list-query/list-page';
import type { WorkflowJson } from '../schemas/workflow-schema';
import { workflowListResource } from './workflow-list-resource';

export interface WorkflowRow {
  readonly workflow_id: string;
  readonly name: string;
  readonly target: string;
  readonly is_task: boolean;
  readonly description: string | null;
  readonly created_at: number;
}

export const WORKFLOW_COLUMNS = Prisma.sql`w.workflow_id::text AS workflow_id, w.name, w.target, w.is_task, w.description,
  extract(epoch FROM w.created_at)::float8 AS created_at`;

/** `GET /api/workflows`: the workflows in the database that are not deleted. */
export async function listWorkflows(
  prisma: PrismaClient,
  registry: ReadonlyMap<string, Workflow>,
  query: ParsedListQuery,
  exactCountLimit: number,
): Promise<{ items: WorkflowJson[]; total: ListTotal | null }> {
  const { rows, total } = await readListPage<WorkflowRow>(
    prisma,
    {
      resource: workflowListResource,
      columns: WORKFLOW_COLUMNS,
      from: Prisma.sql`workflows w`,
      countFrom: Prisma.sql`workflows w`,
      visible: Prisma.sql`w.deleted_at IS NULL`,
    },
    query,
    exactCountLimit,
  );
  return { items: rows.map((row) => toWorkflowJson(row, registry)), total };
}

/** `GET /api/workflows/{id}`: one workflow, deleted or not (as orchestrator-core); `null` if unknown. */
export async function findWorkflow(
  prisma: PrismaClient,
  registry: ReadonlyMap<string, Workflow>,
  workflowId: string,
): Promise<WorkflowJson | null> {
  const rows = await prisma.$queryRaw<WorkflowRow[]>(
    Prisma.sql`SELECT ${WORKFLOW_COLUMNS} FROM workflows w WHERE w.workflow_id = ${workflowId}::uuid`,
  );
  return rows[0] ? toWorkflowJson(rows[0], registry) : null;
}

/** A workflow row as the API shows it, with the top-level steps of its registered definition. */
export function toWorkflowJson(row: WorkflowRow, registry: ReadonlyMap<string, Workflow>): WorkflowJson {
  const definition = registry.get(row.name);
  return {
    name: row.name,
    target: row.target as WorkflowJson['target'],
    is_task: row.is_task,
    description: row.description,
    created_at: row.created_at,
    workflow_id: row.workflow_id,
    steps: definition ? definition.steps.steps.map((s) => ({ name: s.name })) : null,
  };
}
