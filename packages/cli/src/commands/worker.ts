import type { Orchestrator } from '@wfo/core';
import type { Env } from '../env';
import type { Lifecycle } from '../lifecycle';
import { workerOptionsOf } from '../runtime-config';
import { connectServices } from '../services';
import { openRuntime } from '../open-runtime';
import { openTracing } from '../tracing';

/**
 * `wfo worker`: consume step jobs until stopped, then finish (or release) the running steps and exit.
 * Start as many as you like, on any machine that reaches Postgres and Redis.
 */
export async function workerCommand(
  app: Orchestrator,
  env: Env,
  concurrency: number | undefined,
  lifecycle: Lifecycle,
  log: (line: string) => void,
): Promise<void> {
  const tracing = openTracing('wfo-worker', env, lifecycle, log);
  const connections = await connectServices(
    env,
    { command: 'worker', postgres: 'none', redis: 'none' },
    lifecycle,
    log,
  );
  const runtime = openRuntime(app, env, connections, lifecycle, { tracing });
  runtime.createWorker(workerOptionsOf(env, concurrency)).start();
  await runtime.startWorkerServices({ reconcileIntervalMs: env.WFO_RECONCILE_INTERVAL_MS });
  runtime.logger.info('Worker started', {
    pid: process.pid,
    queue: env.WFO_QUEUE_NAME,
    concurrency: concurrency ?? 20,
  });
  await lifecycle.untilStopped();
  runtime.logger.info('Worker stopping');
}
