import { Prisma } from '@wfo/db';
import {
  booleanFilter,
  dateFilter,
  enumFilter,
  equalsFilter,
  exactUuidFilter,
  textFilter,
  throughSubquery,
  uuidTextFilter,
} from '../list-query/filter-clauses';
import { withCamelAliases } from '../list-query/camel-case';
import type { FilterClause, ListResource } from '../list-query/list-resource';

const sql = Prisma.sql;

/** The process ids linked to a subscription matching `condition` (over `s` subscriptions, `pr` products). */
const viaSubscriptions = (condition: Prisma.Sql) => sql`p.pid IN (
  SELECT ps.pid FROM processes_subscriptions ps
    JOIN subscriptions s ON s.subscription_id = ps.subscription_id
    JOIN products pr ON pr.product_id = s.product_id
   WHERE ${condition})`;

/** Processes of a workflow matching `condition` (over `wf`); deleted workflows never match, as in orchestrator-core. */
const viaWorkflow = (condition: Prisma.Sql) =>
  sql`p.workflow_id IN (SELECT wf.workflow_id FROM workflows wf WHERE wf.deleted_at IS NULL AND ${condition})`;

const upper = (v: string) => v.toUpperCase();
const lower = (v: string) => v.toLowerCase();

// Filters never join: related tables are reached through `IN (subquery)`, so the same WHERE serves the page query
// and the count, and the count of an unfiltered or status-filtered list stays an index-only scan.
const filters: Record<string, FilterClause> = {
  process_id: uuidTextFilter(sql`p.pid`),
  workflow_id: uuidTextFilter(sql`p.workflow_id`),
  assignee: enumFilter(sql`p.assignee`, upper),
  last_status: enumFilter(sql`p.last_status`, lower),
  last_step: textFilter(sql`p.last_step`, { nullable: true }),
  started_at: dateFilter(sql`p.started_at`),
  last_modified_at: dateFilter(sql`p.last_modified_at`),
  failed_reason: textFilter(sql`p.failed_reason`, { nullable: true }),
  traceback: textFilter(sql`p.traceback`, { nullable: true }),
  created_by: textFilter(sql`p.created_by`, { nullable: true }),
  is_task: booleanFilter(sql`p.is_task`),
  note: textFilter(sql`p.note`, { nullable: true }),
  // Customer ids are opaque strings here (orchestrator-core requires uuids): matched exactly.
  customer: throughSubquery(viaSubscriptions, equalsFilter(sql`s.customer_id`)),
  product: throughSubquery(viaSubscriptions, textFilter(sql`pr.name`)),
  product_description: throughSubquery(viaSubscriptions, textFilter(sql`pr.description`)),
  subscription_id: throughSubquery(
    (condition) => sql`p.pid IN (SELECT ps.pid FROM processes_subscriptions ps WHERE ${condition})`,
    exactUuidFilter(sql`ps.subscription_id`),
  ),
  tag: throughSubquery(viaSubscriptions, textFilter(sql`pr.tag`)),
  target: throughSubquery(viaWorkflow, enumFilter(sql`wf.target`, upper)),
  workflow_name: throughSubquery(viaWorkflow, textFilter(sql`wf.name`)),
};

/** A product column of a process's first subscription, as a sort key (without multiplying rows as a join would). */
const productSort = (column: string) =>
  sql`(SELECT min(${Prisma.raw(`pr.${column}`)}) FROM processes_subscriptions ps
         JOIN subscriptions s ON s.subscription_id = ps.subscription_id
         JOIN products pr ON pr.product_id = s.product_id
        WHERE ps.pid = p.pid)`;

// orchestrator-core sorts text columns case-insensitively; the enum-like ones are single-case, so they sort on the
// raw column, which the (column, started_at DESC, pid) indexes can serve.
const columnSorts: Record<string, Prisma.Sql> = {
  process_id: sql`p.pid`,
  workflow_id: sql`p.workflow_id`,
  assignee: sql`p.assignee`,
  last_status: sql`p.last_status`,
  last_step: sql`lower(p.last_step)`,
  started_at: sql`p.started_at`,
  last_modified_at: sql`p.last_modified_at`,
  failed_reason: sql`lower(p.failed_reason)`,
  traceback: sql`lower(p.traceback)`,
  created_by: sql`lower(p.created_by)`,
  is_task: sql`p.is_task`,
  note: sql`lower(p.note)`,
};
const sorts: Record<string, Prisma.Sql> = {
  ...withCamelAliases(columnSorts),
  productId: productSort('product_id'),
  productName: productSort('name'),
  productDescription: productSort('description'),
  productType: productSort('product_type'),
  productTag: productSort('tag'),
  productStatus: productSort('status'),
  productCreatedAt: productSort('created_at'),
  productEndDate: productSort('end_date'),
  workflowName: sql`w.name`,
  workflowTarget: sql`w.target`,
  subscriptions: sql`(SELECT min(s.description) FROM processes_subscriptions ps
                        JOIN subscriptions s ON s.subscription_id = ps.subscription_id WHERE ps.pid = p.pid)`,
};

/**
 * `GET /api/processes`: orchestrator-core's process filters and sort keys. Default order: newest first, the
 * order of `ix_processes_started_at`.
 */
export const processListResource: ListResource = {
  unit: 'processes',
  filters,
  sorts,
  defaultOrder: [{ expr: sql`p.started_at`, direction: 'DESC' }],
  tieBreaker: sql`p.pid`,
};
