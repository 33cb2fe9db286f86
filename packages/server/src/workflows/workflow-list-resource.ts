import { Prisma } from '@wfo/db';
import {
  booleanFilter,
  dateFilter,
  enumFilter,
  textFilter,
  throughSubquery,
  uuidTextFilter,
} from '../list-query/filter-clauses';
import { withCamelAliases } from '../list-query/camel-case';
import type { ListResource } from '../list-query/list-resource';

const sql = Prisma.sql;

const viaProducts = (condition: Prisma.Sql) => sql`w.workflow_id IN (
  SELECT pw.workflow_id FROM products_workflows pw JOIN products pr ON pr.product_id = pw.product_id
   WHERE ${condition})`;

const columnSorts: Record<string, Prisma.Sql> = {
  workflow_id: sql`w.workflow_id`,
  name: sql`lower(w.name)`,
  target: sql`w.target`,
  description: sql`lower(w.description)`,
  created_at: sql`w.created_at`,
  is_task: sql`w.is_task`,
};

/** `GET /api/workflows`: the columns of orchestrator-core's workflow filters and sorts, plus its product filters. */
export const workflowListResource: ListResource = {
  unit: 'workflows',
  filters: {
    workflow_id: uuidTextFilter(sql`w.workflow_id`),
    name: textFilter(sql`w.name`),
    target: enumFilter(sql`w.target`, (v) => v.toUpperCase()),
    description: textFilter(sql`w.description`),
    created_at: dateFilter(sql`w.created_at`),
    is_task: booleanFilter(sql`w.is_task`),
    product: throughSubquery(viaProducts, textFilter(sql`pr.name`)),
    tag: throughSubquery(viaProducts, textFilter(sql`pr.tag`)),
  },
  sorts: withCamelAliases(columnSorts),
  defaultOrder: [{ expr: sql`lower(w.name)`, direction: 'ASC' }],
  tieBreaker: sql`w.workflow_id`,
};
