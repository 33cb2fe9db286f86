import type { Env } from '../env';
import type { Lifecycle } from '../lifecycle';
import { loadApp } from '../load-app';
import { workerOptionsOf } from '../runtime-config';
import { connectServices } from '../services';
import { openRuntime } from '../open-runtime';
import { listenApi, listeningLine } from './api';
import { migrate } from './migrate';
import { openTracing } from '../tracing';

/**
 * `wfo dev`: migrate, then the API and a worker in one process; authentication off unless configured. Without
 * `DATABASE_URL`/`REDIS_URL` it uses the local defaults when they answer, and otherwise starts its own Postgres
 * (embedded, data in `<WFO_DEV_DIR>/postgres`) and Redis (`redis-server` from the PATH): zero setup for a first run.
 * While it runs, the other `wfo` commands here find those through `<WFO_DEV_DIR>/services.json`.
 */
export async function devCommand(
  appPath: string,
  env: Env,
  port: number,
  lifecycle: Lifecycle,
  log: (line: string) => void,
): Promise<void> {
  const tracing = openTracing('wfo', env, lifecycle, log);
  const connections = await connectServices(env, { command: 'dev', postgres: 'start', redis: 'start' }, lifecycle, log);
  await migrate(connections.databaseUrl, log);
  const app = await loadApp(appPath);
  const runtime = openRuntime(app, env, connections, lifecycle, { tracing });
  const worker = runtime.createWorker(workerOptionsOf(env));
  const server = await listenApi(runtime, env, port, false, lifecycle, app.policy, tracing);
  worker.start();
  await runtime.startWorkerServices({ reconcileIntervalMs: env.WFO_RECONCILE_INTERVAL_MS });
  log(`${listeningLine(server, env.HOST)}; worker started`);
  await lifecycle.untilStopped();
}
