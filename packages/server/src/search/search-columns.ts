import { Prisma } from '@wfo/db';
import type { SubscriptionRow } from '../subscriptions/subscription-row';

/** The kinds of value the search's filter builder knows (`/api/search/definitions`). */
export type SearchValueType = 'string' | 'number' | 'datetime' | 'boolean';

/** A searchable, sortable and returnable path of a subscription (`subscription.status`, `subscription.product.tag`). */
export interface SearchColumn {
  readonly path: string;
  readonly type: SearchValueType;
  /** The column over `subscriptions s JOIN products pr`; absent for a path only returned (metadata). */
  readonly expr?: Prisma.Sql;
  /** The SQL type a compared value is cast to. */
  readonly sqlType?: 'text' | 'uuid' | 'boolean' | 'int4' | 'timestamptz';
  /** The stored form of a compared value (statuses are stored in lower case). */
  readonly canonical?: (value: string) => string;
  /** Its value in `response_columns`, from the subscription's row (metadata comes from its own table). */
  readonly value?: (row: SubscriptionRow) => unknown;
}

const sql = Prisma.sql;

/** Returned only: it lives in its own table, read for the page's rows. */
export const METADATA_PATH = 'subscription.metadata';
const lower = (v: string) => v.toLowerCase();

const iso = (seconds: number | null) => (seconds === null ? null : new Date(seconds * 1000).toISOString());

const text = (
  path: string,
  expr: Prisma.Sql,
  value: (row: SubscriptionRow) => unknown,
  canonical?: (v: string) => string,
): SearchColumn => ({ path, type: 'string', expr, sqlType: 'text', canonical, value });

/**
 * The paths of a subscription search, from the subscription and product tables. Customers are not stored, so the
 * customer's name and abbreviation are its id (as GraphQL's `CustomerType` has them).
 */
export const SUBSCRIPTION_COLUMNS: readonly SearchColumn[] = [
  {
    path: 'subscription.subscription_id',
    type: 'string',
    expr: sql`s.subscription_id`,
    sqlType: 'uuid',
    canonical: lower,
    value: (r) => r.subscription_id,
  },
  text('subscription.description', sql`s.description`, (r) => r.description),
  text('subscription.status', sql`s.status`, (r) => r.status, lower),
  { path: 'subscription.insync', type: 'boolean', expr: sql`s.insync`, sqlType: 'boolean', value: (r) => r.insync },
  {
    path: 'subscription.start_date',
    type: 'datetime',
    expr: sql`s.start_date`,
    sqlType: 'timestamptz',
    value: (r) => iso(r.start_date),
  },
  {
    path: 'subscription.end_date',
    type: 'datetime',
    expr: sql`s.end_date`,
    sqlType: 'timestamptz',
    value: (r) => iso(r.end_date),
  },
  text('subscription.note', sql`s.note`, (r) => r.note),
  text('subscription.customer_id', sql`s.customer_id`, (r) => r.customer_id),
  text('subscription.customer_name', sql`s.customer_id`, (r) => r.customer_id),
  text('subscription.customer_abbreviation', sql`s.customer_id`, (r) => r.customer_id),
  { path: 'subscription.version', type: 'number', expr: sql`s.version`, sqlType: 'int4', value: (r) => r.version },
  {
    path: 'subscription.product.product_id',
    type: 'string',
    expr: sql`s.product_id`,
    sqlType: 'uuid',
    canonical: lower,
    value: (r) => r.product_id,
  },
  text('subscription.product.name', sql`pr.name`, (r) => r.product_name),
  text('subscription.product.tag', sql`pr.tag`, (r) => r.product_tag),
  text('subscription.product.product_type', sql`pr.product_type`, (r) => r.product_type),
  text('subscription.product.description', sql`pr.description`, (r) => r.product_description),
  text('subscription.product.status', sql`pr.status`, (r) => r.product_status, lower),
  { path: METADATA_PATH, type: 'string' },
];

const BY_PATH = new Map(SUBSCRIPTION_COLUMNS.map((c) => [c.path, c]));

export function searchColumn(path: string): SearchColumn | undefined {
  return BY_PATH.get(path);
}

/** The columns the list page shows, returned when a request names none. */
export const DEFAULT_RESPONSE_COLUMNS: readonly string[] = [
  'subscription.subscription_id',
  'subscription.description',
  'subscription.status',
  'subscription.insync',
  'subscription.product.name',
  'subscription.product.tag',
  'subscription.customer_id',
  'subscription.start_date',
  'subscription.end_date',
  'subscription.note',
];
