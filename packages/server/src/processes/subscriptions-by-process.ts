import { Prisma, type PrismaClient } from '@wfo/db';
import type { SubscriptionJson } from '../schemas/subscription-schema';
import {
  SUBSCRIPTION_COLUMNS,
  SUBSCRIPTION_FROM,
  toSubscriptionJson,
  type SubscriptionRow,
} from '../subscriptions/subscription-row';
import { groupBy } from '../group-by';

interface ProcessSubscriptionRow extends SubscriptionRow {
  readonly pid: string;
}

/**
 * The subscriptions (with their product) of a set of processes, in one query whatever the number of processes:
 * the list never queries per item.
 */
export async function subscriptionsByProcess(
  prisma: PrismaClient,
  processIds: readonly string[],
): Promise<Map<string, SubscriptionJson[]>> {
  if (processIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<ProcessSubscriptionRow[]>(Prisma.sql`
    SELECT ps.pid::text AS pid, ${SUBSCRIPTION_COLUMNS}
      FROM processes_subscriptions ps
      JOIN (${SUBSCRIPTION_FROM}) ON s.subscription_id = ps.subscription_id
     WHERE ps.pid = ANY(${[...processIds]}::uuid[])
     ORDER BY ps.pid, ps.created_at, ps.id`);
  return groupBy(rows, (row) => row.pid, toSubscriptionJson);
}
