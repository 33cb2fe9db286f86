import { createRuntime } from '@wfo/runtime';
import type { Orchestrator } from '@wfo/core';
import type { Env } from '../env';
import { runtimeConfigOf, workerOptionsOf } from '../runtime-config';
import { onShutdown } from '../shutdown';

/**
 * `wfo worker`: consume step jobs until SIGTERM/SIGINT, then finish (or release) the running steps and exit.
 * Start as many as you like, on any machine that reaches Postgres and Redis.
 */
export async function workerCommand(
  app: Orchestrator,
  env: Env & { DATABASE_URL: string; REDIS_URL: string },
  concurrency?: number,
): Promise<void> {
  const runtime = createRuntime(runtimeConfigOf(app, env));
  const worker = runtime.createWorker(workerOptionsOf(env, concurrency));
  worker.start();
  await runtime.startWorkerServices({ reconcileIntervalMs: env.WFO_RECONCILE_INTERVAL_MS });
  runtime.logger.info('Worker started', {
    pid: process.pid,
    queue: env.WFO_QUEUE_NAME,
    concurrency: concurrency ?? 20,
  });
  await onShutdown(async () => {
    runtime.logger.info('Worker stopping');
    await runtime.close();
  });
}
