import { Prisma, type PrismaClient } from '@wfo/db';
import type { Workflow } from '@wfo/engine';
import { countTotal, type ListTotal } from '../list-query/count-total';
import { buildListSql } from '../list-query/list-sql';
import type { FilterTerm } from '../list-query/parse-filter';
import type { ListRange } from '../list-query/parse-range';
import type { SortTerm } from '../list-query/parse-sort';
import type { WorkflowJson } from '../schemas/workflow-schema';
import { workflowListResource } from './workflow-list-resource';

interface WorkflowRow {
  readonly workflow_id: string;
  readonly name: string;
  readonly target: string;
  readonly is_task: boolean;
  readonly description: string | null;
  readonly created_at: number;
}

const WORKFLOW_COLUMNS = Prisma.sql`w.workflow_id::text AS workflow_id, w.name, w.target, w.is_task, w.description,
  extract(epoch FROM w.created_at)::float8 AS created_at`;

export interface WorkflowListQuery {
  readonly range: ListRange | null;
  readonly filters: readonly FilterTerm[];
  readonly sort: readonly SortTerm[];
}

/** `GET /api/workflows`: the workflows in the database that are not deleted. */
export async function listWorkflows(
  prisma: PrismaClient,
  registry: ReadonlyMap<string, Workflow>,
  query: WorkflowListQuery,
  exactCountLimit: number,
): Promise<{ items: WorkflowJson[]; total: ListTotal | null }> {
  const { where, orderBy } = buildListSql(workflowListResource, query.filters, query.sort);
  const visible = Prisma.sql`w.deleted_at IS NULL AND ${where}`;
  const { range } = query;
  const limit = range ? Prisma.sql`LIMIT ${range.end - range.start}::int8 OFFSET ${range.start}::int8` : Prisma.empty;
  const [rows, total] = await Promise.all([
    prisma.$queryRaw<WorkflowRow[]>(
      Prisma.sql`SELECT ${WORKFLOW_COLUMNS} FROM workflows w WHERE ${visible} ORDER BY ${orderBy} ${limit}`,
    ),
    range ? countTotal(prisma, { from: Prisma.sql`workflows w`, where: visible }, exactCountLimit) : null,
  ]);
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

function toWorkflowJson(row: WorkflowRow, registry: ReadonlyMap<string, Workflow>): WorkflowJson {
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
