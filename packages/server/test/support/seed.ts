import type { Prisma, PrismaClient } from '@wfo/db';

// Rows inserted straight through Prisma, as the runtime would have written them.

let counter = 0;
const unique = (prefix: string) => `${prefix}_${++counter}`;

export async function seedWorkflow(
  prisma: PrismaClient,
  data: Partial<Prisma.WorkflowUncheckedCreateInput> & { name: string },
): Promise<{ workflow_id: string; name: string }> {
  return prisma.workflow.create({
    data: { target: 'CREATE', description: `${data.name} description`, ...data },
    select: { workflow_id: true, name: true },
  });
}

export async function seedProduct(
  prisma: PrismaClient,
  data: Partial<Prisma.ProductUncheckedCreateInput> = {},
): Promise<{ product_id: string; name: string }> {
  const name = data.name ?? unique('Product');
  return prisma.product.create({
    data: {
      name,
      description: `${name} description`,
      product_type: 'Node',
      tag: 'NODE',
      status: 'active',
      ...data,
    },
    select: { product_id: true, name: true },
  });
}

export async function seedSubscription(
  prisma: PrismaClient,
  data: Partial<Prisma.SubscriptionUncheckedCreateInput> & { product_id: string },
): Promise<{ subscription_id: string }> {
  return prisma.subscription.create({
    data: { description: unique('Subscription'), status: 'active', customer_id: 'customer-1', insync: true, ...data },
    select: { subscription_id: true },
  });
}

export interface SeedStep {
  readonly name: string;
  readonly status: string;
  readonly state: Record<string, unknown>;
  readonly created_by?: string;
}

export interface SeedProcess extends Partial<Omit<Prisma.ProcessUncheckedCreateInput, 'steps'>> {
  readonly workflow_id: string;
  readonly steps?: readonly SeedStep[];
  readonly subscriptionIds?: readonly string[];
}

/** A process with its step rows (one second apart, oldest first) and subscription links. */
export async function seedProcess(prisma: PrismaClient, data: SeedProcess): Promise<string> {
  const { steps = [], subscriptionIds = [], ...columns } = data;
  const process = await prisma.process.create({
    data: { last_status: 'completed', ...columns },
    select: { pid: true, started_at: true },
  });
  const start = process.started_at.getTime();
  for (const [i, s] of steps.entries()) {
    const at = new Date(start + (i + 1) * 1000);
    await prisma.processStep.create({
      data: {
        pid: process.pid,
        name: s.name,
        status: s.status,
        state: s.state as Prisma.InputJsonValue,
        created_by: s.created_by ?? 'SYSTEM',
        started_at: at,
        completed_at: at,
      },
    });
  }
  for (const subscription_id of subscriptionIds) {
    await prisma.processSubscription.create({ data: { pid: process.pid, subscription_id } });
  }
  return process.pid;
}
