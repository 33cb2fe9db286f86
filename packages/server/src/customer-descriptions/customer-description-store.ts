import { Prisma, type PrismaClient } from '@wfo/db';
import { SubscriptionNotFoundError } from '@wfo/domain';
import { HttpError } from '../http/http-error';
import type { UpdateCustomerDescription } from './customer-description-bodies';
import type { SubscriptionDescriptionJson } from './customer-description-schema';

const COLUMNS = Prisma.sql`d.description, d.customer_id, d.subscription_id::text AS subscription_id, d.id::text AS id,
  extract(epoch FROM d.created_at)::float8 AS created_at, d.version`;

/** One customer description; `null` if unknown. */
export async function findCustomerDescription(
  prisma: PrismaClient,
  id: string,
): Promise<SubscriptionDescriptionJson | null> {
  const rows = await prisma.$queryRaw<SubscriptionDescriptionJson[]>(
    Prisma.sql`SELECT ${COLUMNS} FROM subscription_customer_descriptions d WHERE d.id = ${id}::uuid`,
  );
  return rows[0] ?? null;
}

/** The description a customer gave a subscription (there is at most one); `null` if none. */
export async function findCustomerDescriptionOf(
  prisma: PrismaClient,
  customerId: string,
  subscriptionId: string,
): Promise<SubscriptionDescriptionJson | null> {
  const rows = await prisma.$queryRaw<SubscriptionDescriptionJson[]>(Prisma.sql`
    SELECT ${COLUMNS} FROM subscription_customer_descriptions d
     WHERE d.customer_id = ${customerId} AND d.subscription_id = ${subscriptionId}::uuid`);
  return rows[0] ?? null;
}

/**
 * Creates a customer's description of a subscription. A second one for the same customer and subscription answers
 * 409 and an unknown subscription 404, both decided by the insert itself (no check-then-insert race, no unique or
 * foreign key violation surfacing as a 500).
 */
export async function createCustomerDescription(
  prisma: PrismaClient,
  data: { readonly customer_id: string; readonly subscription_id: string; readonly description: string },
): Promise<void> {
  const inserted = await prisma.$queryRaw<{ id: string }[]>(Prisma.sql`
    INSERT INTO subscription_customer_descriptions (subscription_id, customer_id, description)
    SELECT s.subscription_id, ${data.customer_id}, ${data.description}
      FROM subscriptions s WHERE s.subscription_id = ${data.subscription_id}::uuid
    ON CONFLICT (customer_id, subscription_id) DO NOTHING
    RETURNING id::text AS id`);
  if (inserted.length > 0) return;
  const subscription = await prisma.$queryRaw<unknown[]>(
    Prisma.sql`SELECT 1 FROM subscriptions WHERE subscription_id = ${data.subscription_id}::uuid`,
  );
  if (subscription.length === 0) throw new SubscriptionNotFoundError(data.subscription_id);
  throw new HttpError(
    409,
    `Customer ${data.customer_id} already has a description of subscription ${data.subscription_id}`,
  );
}

/**
 * Updates the description a customer gave a subscription, in one statement that checks the version (the trigger
 * then increments it): a concurrent writer cannot slip in between a check and the write, as it can in
 * orchestrator-core. When nothing was updated, the stored row says why: none (404; orchestrator-core silently does
 * nothing), another id (400) or another version (400 `Stale data: …`, orchestrator-core's message).
 */
export async function updateCustomerDescription(prisma: PrismaClient, data: UpdateCustomerDescription): Promise<void> {
  const createdAt =
    data.created_at === null || data.created_at === undefined
      ? Prisma.sql`now()`
      : Prisma.sql`to_timestamp(${data.created_at}::float8)`;
  const version = data.version ?? null;
  const updated = await prisma.$executeRaw(Prisma.sql`
    UPDATE subscription_customer_descriptions
       SET description = ${data.description}, created_at = ${createdAt}
     WHERE id = ${data.id}::uuid AND customer_id = ${data.customer_id}
       AND subscription_id = ${data.subscription_id}::uuid
       AND (${version}::int IS NULL OR version = ${version}::int)`);
  if (updated > 0) return;
  const current = await findCustomerDescriptionOf(prisma, data.customer_id, data.subscription_id);
  if (!current) {
    throw new HttpError(404, `Customer ${data.customer_id} has no description of subscription ${data.subscription_id}`);
  }
  if (current.id !== data.id) {
    throw new HttpError(
      400,
      `Customer description ${data.id} is not the description of customer ${data.customer_id} ` +
        `for subscription ${data.subscription_id} (that is ${current.id})`,
    );
  }
  throw new HttpError(
    400,
    `Stale data: given version (${version}) does not match the current version (${current.version})`,
  );
}

/** Deletes a customer description; an unknown id is no error (the resource is gone either way, as in orchestrator-core). */
export async function deleteCustomerDescription(prisma: PrismaClient, id: string): Promise<void> {
  await prisma.$executeRaw(Prisma.sql`DELETE FROM subscription_customer_descriptions WHERE id = ${id}::uuid`);
}
