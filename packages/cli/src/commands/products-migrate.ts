import type { Orchestrator } from '@wfo/core';
import { createPrisma } from '@wfo/db';
import { planProductSync, syncProducts } from '@wfo/domain';
import { applicationWorkflows, registerWorkflows } from '@wfo/runtime';

/**
 * `wfo products migrate`: print every change the declared products need in the database, destructive ones
 * marked, then apply them all in one transaction (`--dry-run` only prints).
 */
export async function productsMigrateCommand(
  app: Orchestrator,
  databaseUrl: string,
  dryRun: boolean,
  log: (line: string) => void,
): Promise<void> {
  const prisma = createPrisma({ databaseUrl, poolSize: 2 });
  try {
    const registry = applicationWorkflows(app.workflows);
    if (!dryRun) await registerWorkflows(prisma, registry);
    const plan = await planProductSync(prisma, app.products);
    if (plan.actions.length === 0) log('Products are in sync with the database: nothing to do.');
    for (const action of plan.actions) log(`${action.destructive ? '! ' : '+ '}${action.description}`);
    for (const name of plan.undeclared) log(`  (product "${name}" is in the database but not declared: left alone)`);
    if (dryRun || plan.actions.length === 0) return;
    const applied = await syncProducts(prisma, app.products, { allowDestructive: true });
    log(`Applied ${applied.actions.length} change(s).`);
  } finally {
    await prisma.$disconnect();
  }
}
