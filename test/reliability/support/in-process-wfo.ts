// WFO's complete API over a runtime of its own (a test database, a Redis prefix), listening on a free port, with
// processes in every interesting status made by a real worker, which is then stopped: afterwards nothing changes
// the database or the queue unless a request does.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createTestDatabase, createTestRedisPrefix, type TestDatabase } from '@wfo/db';
import type { Logger } from '@wfo/engine';
import { createRuntime, loadSnapshot, registerApplication, type Runtime } from '@wfo/runtime';
import { createWfoApp, type WfoAppOptions } from '@wfo/server';
import app from '../../e2e/app/test-app';

export interface InProcessWfo {
  readonly url: string;
  readonly runtime: Runtime;
  readonly db: TestDatabase;
  readonly prefix: string;
  /** Ids that exist, by kind: processes in each status, a subscription, a workflow, a product, a callback token. */
  readonly ids: Readonly<Record<string, string>>;
  /** Values that exist, by the name of the path parameter that takes them (`process_id`, `token`, …). */
  readonly known: Readonly<Record<string, readonly string[]>>;
  /** Everything the server logged. */
  readonly logged: string[];
  stop(): Promise<void>;
}

const asSystem = { user: 'SYSTEM', userModel: null };

/**
 * @param opts the app's options (authentication, …)
 * @param keepWorker leave the seeding worker running (for tests whose processes must move on)
 */
export async function startInProcessWfo(opts: WfoAppOptions = {}, keepWorker = false): Promise<InProcessWfo> {
  const db = await createTestDatabase();
  const prefix = `{${createTestRedisPrefix()}}`;
  const logged: string[] = [];
  const write = (level: string) => (message: string, fields?: Record<string, unknown>) => {
    logged.push(JSON.stringify({ level, message, ...fields }));
  };
  const logger: Logger = { debug: write('debug'), info: write('info'), warn: write('warn'), error: write('error') };
  const runtime = createRuntime({
    databaseUrl: db.url,
    redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    prefix,
    workflows: app.workflows,
    products: app.products,
    forms: app.forms,
    logger,
    redisFailFast: true,
  });
  await registerApplication(runtime.prisma, runtime.workflows, runtime.products);

  // Processes in every status a request can meet, made by a real worker.
  const worker = runtime.createWorker({ concurrency: 4, retryStepAttempts: 1 });
  worker.start();
  const start = (key: string, pages: unknown[] = [{}]) => runtime.processes.start(key, pages as never, asSystem);
  const node = await runtime.prisma.product.findFirstOrThrow({ where: { name: 'E2E Node' } });
  const started = {
    completed: await start('e2e_linear'),
    failed: await start('e2e_flaky', [{ marker: `/nonexistent/${prefix}/marker` }]),
    suspended: await start('e2e_input'),
    awaiting: await start('e2e_callback'),
    task: await start('e2e_task'),
    failedTask: await start('e2e_failing_task'),
    subscriptionProcess: await start('e2e_create_node', [
      { product: node.product_id },
      { customer_id: 'customer-1', node_name: 'hostile', ports: ['xe-0'] },
    ]),
  };
  const settled = new Set(['completed', 'failed', 'suspended', 'awaiting_callback', 'inconsistent_data']);
  for (const id of Object.values(started)) {
    const deadline = Date.now() + 30_000;
    while (!settled.has((await loadSnapshot(runtime.prisma, id))?.status ?? '')) {
      if (Date.now() > deadline) throw new Error(`seed process ${id} did not settle`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }
  if (!keepWorker) await worker.close();

  const awaiting = await loadSnapshot(runtime.prisma, started.awaiting);
  const subscription = await runtime.prisma.subscription.findFirstOrThrow();
  const workflow = await runtime.prisma.workflow.findFirstOrThrow({ where: { name: 'e2e_linear' } });
  const block = await runtime.prisma.productBlock.findFirstOrThrow();
  const resourceType = await runtime.prisma.resourceType.findFirstOrThrow();
  const ids: Record<string, string> = {
    ...started,
    subscription: subscription.subscription_id,
    workflow: workflow.workflow_id,
    product: node.product_id,
    productBlock: block.product_block_id,
    resourceType: resourceType.resource_type_id,
    callbackToken: String(awaiting?.lastRow?.state.__callback_token),
    workflowKey: 'e2e_input',
    formKey: 'e2e_contact',
  };

  const known: Record<string, string[]> = {
    process_id: Object.values(started),
    token: [ids.callbackToken!],
    workflow_key: ['e2e_form', 'e2e_input', 'e2e_linear', 'e2e_create_node', 'e2e_callback'],
    form_key: [ids.formKey!],
    subscription_id: [ids.subscription!],
    workflow_id: [ids.workflow!],
    product_id: [ids.product!],
    product_block_id: [ids.productBlock!],
    resource_type_id: [ids.resourceType!],
    customer_id: ['customer-1'],
    name: ['all'],
    user_name: ['alice'],
  };

  const server: Server = createWfoApp(runtime, opts).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    runtime,
    db,
    prefix,
    ids,
    known,
    logged,
    async stop() {
      await new Promise((resolve) => server.close(resolve));
      await runtime.close();
      await db.drop();
    },
  };
}
