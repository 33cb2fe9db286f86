import { createRuntime } from '@wfo/runtime';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, type Env } from '../env';
import { loadApp } from '../load-app';
import { runtimeConfigOf, workerOptionsOf } from '../runtime-config';
import { onShutdown } from '../shutdown';
import { addressOf, listenApi } from './api';
import { migrateCommand } from './migrate';

/** `wfo dev`: migrate, then the API and a worker in one process; authentication off unless configured. */
export async function devCommand(appPath: string, env: Env, port: number, log: (line: string) => void): Promise<void> {
  const connected = {
    ...env,
    DATABASE_URL: env.DATABASE_URL ?? DEFAULT_DATABASE_URL,
    REDIS_URL: env.REDIS_URL ?? DEFAULT_REDIS_URL,
  };
  await migrateCommand(connected.DATABASE_URL, log);
  const app = await loadApp(appPath);
  const runtime = createRuntime(runtimeConfigOf(app, connected));
  const worker = runtime.createWorker(workerOptionsOf(connected));
  const server = await listenApi(runtime, connected, port, false);
  worker.start();
  log(`WFO API listening on ${addressOf(server, connected.HOST)} (dashboard: /dashboard/queues); worker started`);
  await onShutdown(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await runtime.close();
  });
}
