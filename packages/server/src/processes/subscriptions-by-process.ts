import { Prisma, type PrismaClient } from '@wfo/db';
import type { SubscriptionJson } from '../schemas/subscription-schema';

interface SubscriptionRow {
  readonly pid: string;
  readonly subscription_id: string;
  readonly start_date: number | null;
  readonly description: string;
  readonly status: string;
  readonly product_id: string;
  readonly customer_id: string;
  readonly insync: boolean;
  readonly note: string | null;
  readonly end_date: number | null;
  readonly version: number;
  readonly product_name: string;
  readonly product_description: string;
  readonly product_type: string;
  readonly product_status: string;
  readonly product_tag: string;
  readonly product_created_at: number | null;
  readonly product_end_date: number | null;
}

/**
 * The subscriptions (with their product) of a set of processes, in one query whatever the number of processes:
 * the list never queries per item.
 */
export async function subscriptionsByProcess(
  prisma: PrismaClient,
  processIds: readonly string[],
): Promise<Map<string, SubscriptionJson[]>> {
  const byProcess = new Map<string, SubscriptionJson[]>();
  if (processIds.length === 0) return byProcess;
  const rows = await prisma.$queryRaw<SubscriptionRow[]>(Prisma.sql`
    SELECT ps.pid::text AS pid,
           s.subscription_id::text AS subscription_id,
           extract(epoch FROM s.start_date)::float8 AS start_date,
           s.description, s.status, s.product_id::text AS product_id, s.customer_id, s.insync, s.note,
           extract(epoch FROM s.end_date)::float8 AS end_date,
           s.version,
           pr.name AS product_name, pr.description AS product_description, pr.product_type,
           pr.status AS product_status, pr.tag AS product_tag,
           extract(epoch FROM pr.created_at)::float8 AS product_created_at,
           extract(epoch FROM pr.end_date)::float8 AS product_end_date
      FROM processes_subscriptions ps
      JOIN subscriptions s ON s.subscription_id = ps.subscription_id
      JOIN products pr ON pr.product_id = s.product_id
     WHERE ps.pid = ANY(${[...processIds]}::uuid[])
     ORDER BY ps.pid, ps.created_at, ps.id`);
  for (const row of rows) {
    const list = byProcess.get(row.pid) ?? [];
    list.push(toSubscriptionJson(row));
    byProcess.set(row.pid, list);
  }
  return byProcess;
}

function toSubscriptionJson(row: SubscriptionRow): SubscriptionJson {
  return {
    subscription_id: row.subscription_id,
    start_date: row.start_date,
    description: row.description,
    status: row.status,
    product_id: row.product_id,
    customer_id: row.customer_id,
    insync: row.insync,
    note: row.note,
    name: null,
    end_date: row.end_date,
    product: {
      product_id: row.product_id,
      name: row.product_name,
      description: row.product_description,
      product_type: row.product_type,
      status: row.product_status,
      tag: row.product_tag,
      created_at: row.product_created_at,
      end_date: row.product_end_date,
    },
    customer_descriptions: null,
    tag: null,
    version: row.version,
  };
}
