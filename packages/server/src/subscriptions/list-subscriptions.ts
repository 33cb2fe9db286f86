import { Prisma, type PrismaClient } from '@wfo/db';
import type { ListTotal } from '../list-query/count-total';
import { readListPage, type ParsedListQuery } from '../list-query/list-page';
import { subscriptionExtras } from './subscription-extras';
import type { SubscriptionListItemJson } from './subscription-list-item-schema';
import { subscriptionListResource } from './subscription-list-resource';
import {
  SUBSCRIPTION_COLUMNS,
  SUBSCRIPTION_FROM,
  toSubscriptionListItem,
  type SubscriptionRow,
} from './subscription-row';

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
  query: ParsedListQuery,
  exactCountLimit: number,
): Promise<SubscriptionListResult> {
  const { rows, total } = await readListPage<SubscriptionRow>(
    prisma,
    {
      resource: subscriptionListResource,
      columns: SUBSCRIPTION_COLUMNS,
      from: SUBSCRIPTION_FROM,
      countFrom: Prisma.sql`subscriptions s`,
    },
    query,
    exactCountLimit,
  );
  const extras = await subscriptionExtras(
    prisma,
    rows.map((r) => r.subscription_id),
  );
  return { items: rows.map((row) => toSubscriptionListItem(row, extras.get(row.subscription_id))), total };
}
