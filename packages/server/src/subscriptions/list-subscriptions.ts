import { Prisma, type PrismaClient } from '@wfo/db';
import { countTotal, type ListTotal } from '../list-query/count-total';
import { buildListSql } from '../list-query/list-sql';
import type { FilterTerm } from '../list-query/parse-filter';
import type { ListRange } from '../list-query/parse-range';
import type { SortTerm } from '../list-query/parse-sort';
import { subscriptionExtras } from './subscription-extras';
import type { SubscriptionListItemJson } from './subscription-list-item-schema';
import { subscriptionListResource } from './subscription-list-resource';
import {
  SUBSCRIPTION_COLUMNS,
  SUBSCRIPTION_FROM,
  toSubscriptionListItem,
  type SubscriptionRow,
} from './subscription-row';

export interface SubscriptionListQuery {
  readonly range: ListRange | null;
  readonly filters: readonly FilterTerm[];
  readonly sort: readonly SortTerm[];
}

export interface SubscriptionListResult {
  readonly items: SubscriptionListItemJson[];
  /** Only with a range, as for the process list. */
  readonly total: ListTotal | null;
}

/**
 * One page of subscriptions with their products, and the total. Page and count run concurrently, then one query
 * adds the page's customer descriptions and metadata: three queries whatever the page size. With the default order
 * the page is a range scan of `ix_subscriptions_start_date` that stops after `range.end` rows.
 */
export async function listSubscriptions(
  prisma: PrismaClient,
  query: SubscriptionListQuery,
  exactCountLimit: number,
): Promise<SubscriptionListResult> {
  const { where, orderBy } = buildListSql(subscriptionListResource, query.filters, query.sort);
  const { range } = query;
  const limit = range ? Prisma.sql`LIMIT ${range.end - range.start}::int8 OFFSET ${range.start}::int8` : Prisma.empty;
  const [rows, total] = await Promise.all([
    prisma.$queryRaw<SubscriptionRow[]>(
      Prisma.sql`SELECT ${SUBSCRIPTION_COLUMNS} FROM ${SUBSCRIPTION_FROM} WHERE ${where} ORDER BY ${orderBy} ${limit}`,
    ),
    range ? countTotal(prisma, { from: Prisma.sql`subscriptions s`, where }, exactCountLimit) : null,
  ]);
  const extras = await subscriptionExtras(
    prisma,
    rows.map((r) => r.subscription_id),
  );
  return { items: rows.map((row) => toSubscriptionListItem(row, extras.get(row.subscription_id))), total };
}
