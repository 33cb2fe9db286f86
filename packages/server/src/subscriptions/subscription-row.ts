import { Prisma } from '@wfo/db';
import type { SubscriptionDescriptionJson } from '../customer-descriptions/customer-description-schema';
import type { SubscriptionJson } from '../schemas/subscription-schema';
import type { SubscriptionListItemJson } from './subscription-list-item-schema';

/** A `subscriptions` row with its product, as the list selects it. Times are epoch seconds. */
export interface SubscriptionRow {
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
 * The columns of a `SubscriptionRow` over `subscriptions s JOIN products pr`. `extract(epoch)` keeps the
 * microseconds a JavaScript Date would drop, so times read the same here as in orchestrator-core.
 */
export const SUBSCRIPTION_COLUMNS = Prisma.sql`
  s.subscription_id::text AS subscription_id,
  extract(epoch FROM s.start_date)::float8 AS start_date,
  s.description,
  s.status,
  s.product_id::text AS product_id,
  s.customer_id,
  s.insync,
  s.note,
  extract(epoch FROM s.end_date)::float8 AS end_date,
  s.version,
  pr.name AS product_name,
  pr.description AS product_description,
  pr.product_type,
  pr.status AS product_status,
  pr.tag AS product_tag,
  extract(epoch FROM pr.created_at)::float8 AS product_created_at,
  extract(epoch FROM pr.end_date)::float8 AS product_end_date`;

/** Every subscription has exactly one product (a non-null foreign key): the join never multiplies rows. */
export const SUBSCRIPTION_FROM = Prisma.sql`subscriptions s JOIN products pr ON pr.product_id = s.product_id`;

/** What the list adds to a row from the subscription's other tables. */
export interface SubscriptionExtras {
  readonly customer_descriptions: SubscriptionDescriptionJson[];
  readonly metadata: unknown;
}

/** A subscription with its product, in the key order of orchestrator-core's `SubscriptionSchema`. */
export function toSubscriptionJson(row: SubscriptionRow): SubscriptionJson {
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

/** A list item: the subscription, its customer descriptions and metadata (none of either without extras). */
export function toSubscriptionListItem(
  row: SubscriptionRow,
  extras: SubscriptionExtras | undefined,
): SubscriptionListItemJson {
  return {
    ...toSubscriptionJson(row),
    customer_descriptions: extras?.customer_descriptions ?? [],
    metadata: extras?.metadata ?? null,
  };
}
