import type { PrismaClient } from '@wfo/db';
import { SubscriptionNotFoundError } from '@wfo/domain';
import { HttpError } from '../http/http-error';

/**
 * `PUT /api/subscriptions/{id}/set_in_sync`: set `insync` true, unless a workflow process (not a task) linked to
 * the subscription is still not completed or aborted (422 naming them). A subscription already in sync is left as
 * it is. The row is locked meanwhile, so two calls do not both pass the check.
 */
export async function setInSync(prisma: PrismaClient, subscriptionId: string): Promise<void> {
  await prisma.$transaction(async (tx) => {
    const [row] = await tx.$queryRaw<Array<{ insync: boolean }>>`
      SELECT insync FROM subscriptions WHERE subscription_id = ${subscriptionId}::uuid FOR UPDATE`;
    if (!row) throw new SubscriptionNotFoundError(subscriptionId);
    if (row.insync) return;
    const open = await tx.$queryRaw<Array<{ pid: string }>>`
      SELECT p.pid::text FROM processes_subscriptions ps JOIN processes p ON p.pid = ps.pid
      WHERE ps.subscription_id = ${subscriptionId}::uuid AND NOT p.is_task AND p.last_status NOT IN ('completed', 'aborted')`;
    if (open.length > 0) {
      throw new HttpError(
        422,
        `Subscription ${subscriptionId} has still failed processes with id's: ${JSON.stringify(open.map((p) => p.pid))}`,
      );
    }
    await tx.$executeRaw`UPDATE subscriptions SET insync = true WHERE subscription_id = ${subscriptionId}::uuid`;
  });
}
