import { Prisma, type PrismaClient } from '@wfo/db';
import type { SubscriptionDescriptionJson } from '../customer-descriptions/customer-description-schema';
import type { SubscriptionExtras } from './subscription-row';

interface ExtrasRow {
  readonly subscription_id: string;
  readonly metadata: unknown;
  readonly customer_descriptions: SubscriptionDescriptionJson[];
}

/**
 * The customer descriptions and metadata of a page of subscriptions, in one query whatever the page size (no
 * query per item). A separate query rather than part of the page's: joined there, they would be computed for
 * every row a non-index sort has to order, not only for the rows of the page.
 */
export async function subscriptionExtras(
  prisma: PrismaClient,
  subscriptionIds: readonly string[],
): Promise<Map<string, SubscriptionExtras>> {
  const extras = new Map<string, SubscriptionExtras>();
  if (subscriptionIds.length === 0) return extras;
  const rows = await prisma.$queryRaw<ExtrasRow[]>(Prisma.sql`
    SELECT ids.id::text AS subscription_id,
           m.metadata,
           coalesce((SELECT json_agg(json_build_object(
                               'description', d.description,
                               'customer_id', d.customer_id,
                               'subscription_id', d.subscription_id,
                               'id', d.id,
                               'created_at', extract(epoch FROM d.created_at)::float8,
                               'version', d.version) ORDER BY d.created_at, d.id)
                       FROM subscription_customer_descriptions d
                      WHERE d.subscription_id = ids.id), '[]'::json) AS customer_descriptions
      FROM unnest(${[...subscriptionIds]}::uuid[]) AS ids(id)
      LEFT JOIN subscription_metadata m ON m.subscription_id = ids.id`);
  for (const row of rows) {
    extras.set(row.subscription_id, { metadata: row.metadata, customer_descriptions: row.customer_descriptions });
  }
  return extras;
}
