import { Prisma } from '@wfo/db';
import {
  booleanFilter,
  dateFilter,
  enumFilter,
  identifierFilter,
  integerFilter,
  textFilter,
  throughSubquery,
  uuidTextFilter,
} from '../list-query/filter-clauses';
import { withCamelAliases } from '../list-query/camel-case';
import type { FilterClause, ListResource } from '../list-query/list-resource';

const sql = Prisma.sql;

/**
 * Subscriptions of a product matching `condition` (over `pr`). A subquery, not a join: the same WHERE serves the
 * page and the count, and the count of an unfiltered list stays an index-only scan.
 */
const viaProduct = (condition: Prisma.Sql) =>
  sql`s.product_id IN (SELECT pr.product_id FROM products pr WHERE ${condition})`;

// orchestrator-core's subscription filters: every column (inferred), plus `product` (name), `tag` and `type` of
// the product. `product_type` is `type` under its column's name.
const filters: Record<string, FilterClause> = {
  subscription_id: uuidTextFilter(sql`s.subscription_id`),
  description: textFilter(sql`s.description`),
  status: enumFilter(sql`s.status`, (v) => v.toLowerCase()),
  product_id: uuidTextFilter(sql`s.product_id`),
  customer_id: identifierFilter(sql`s.customer_id`),
  insync: booleanFilter(sql`s.insync`),
  start_date: dateFilter(sql`s.start_date`),
  end_date: dateFilter(sql`s.end_date`),
  note: textFilter(sql`s.note`, { nullable: true }),
  version: integerFilter(sql`s.version`),
  product: throughSubquery(viaProduct, textFilter(sql`pr.name`)),
  tag: throughSubquery(viaProduct, textFilter(sql`pr.tag`)),
  type: throughSubquery(viaProduct, textFilter(sql`pr.product_type`)),
  product_type: throughSubquery(viaProduct, textFilter(sql`pr.product_type`)),
};

// Free text sorts case-insensitively, as in orchestrator-core. Statuses, ids and dates sort on the raw column, which
// the indexes leading with it can serve (customer ids are opaque: their case carries no order anyone wants).
const columnSorts: Record<string, Prisma.Sql> = {
  subscription_id: sql`s.subscription_id`,
  description: sql`lower(s.description)`,
  status: sql`s.status`,
  product_id: sql`s.product_id`,
  customer_id: sql`s.customer_id`,
  insync: sql`s.insync`,
  start_date: sql`s.start_date`,
  end_date: sql`s.end_date`,
  note: sql`lower(s.note)`,
  version: sql`s.version`,
};

// orchestrator-core's product sort keys (`productName`, `productTag`, …, and `tag`), over the page query's `pr` join.
const productSorts: Record<string, Prisma.Sql> = {
  product: sql`pr.name`,
  productName: sql`pr.name`,
  productDescription: sql`pr.description`,
  productType: sql`pr.product_type`,
  productTag: sql`pr.tag`,
  tag: sql`pr.tag`,
  productStatus: sql`pr.status`,
  productCreatedAt: sql`pr.created_at`,
  productEndDate: sql`pr.end_date`,
};

/**
 * `GET /api/subscriptions`. Default order: newest first by `start_date`, the order of `ix_subscriptions_start_date`
 * (`start_date DESC, subscription_id`), so the first page is an index range scan at any table size. Postgres puts
 * NULLs first in a descending order: initial subscriptions, not started yet, head the list, as they do in
 * orchestrator-core's UI sorted by start date.
 */
export const subscriptionListResource: ListResource = {
  unit: 'subscriptions',
  filters,
  sorts: { ...withCamelAliases(columnSorts), ...productSorts },
  defaultOrder: [{ expr: sql`s.start_date`, direction: 'DESC' }],
  tieBreaker: sql`s.subscription_id`,
};
