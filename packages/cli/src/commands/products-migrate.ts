import type { Orchestrator } from '@wfo/core';
import { createPrisma } from '@wfo/db';
import { planProductSync, syncProducts, type SyncPlan } from '@wfo/domain';
import { applicationWorkflows, registerWorkflows } from '@wfo/runtime';
import type { Env } from '../env';
import type { Lifecycle } from '../lifecycle';
import { connectServices } from '../services';

/** Thrown to end the dry run's transaction: what it wrote to plan is rolled back. */
class DryRunRollback extends Error {}

/**
 * `wfo products migrate`: print every change the declared products need in the database, destructive ones
 * marked, then apply them all in one transaction (`--dry-run` only prints). On the configured database, or the
 * embedded one `wfo dev` uses (or created: then it is started for this command), so the fix `wfo dev` suggests for
 * a refused product change works without any setup.
 */
export async function productsMigrateCommand(
  app: Orchestrator,
  env: Env,
  dryRun: boolean,
  lifecycle: Lifecycle,
  log: (line: string) => void,
): Promise<void> {
  const { databaseUrl } = await connectServices(
    env,
    { command: 'products migrate', postgres: 'start-if-created' },
    lifecycle,
    log,
  );
  const printPlan = (plan: SyncPlan) => {
    if (plan.actions.length === 0) log('Products are in sync with the database: nothing to do.');
    for (const action of plan.actions) log(`${action.destructive ? '! ' : '+ '}${action.description}`);
    for (const name of plan.undeclared) log(`  (product "${name}" is in the database but not declared: left alone)`);
  };
  const prisma = createPrisma({ databaseUrl, poolSize: 2 });
  lifecycle.onClose(() => prisma.$disconnect());
  const registry = applicationWorkflows(app.workflows);
  if (dryRun) {
    // Products link workflows by their rows: plan with the workflows registered, as the real run does, then roll
    // the registration back.
    await prisma
      .$transaction(async (tx) => {
        await registerWorkflows(tx, registry);
        printPlan(await planProductSync(tx, app.products));
        throw new DryRunRollback();
      })
      .catch((err: unknown) => {
        if (!(err instanceof DryRunRollback)) throw err;
      });
    return;
  }
  await registerWorkflows(prisma, registry);
  const plan = await planProductSync(prisma, app.products);
  printPlan(plan);
  if (plan.actions.length === 0) return;
  const applied = await syncProducts(prisma, app.products, { allowDestructive: true });
  log(`Applied ${applied.actions.length} change(s).`);
}
