import type { Server } from 'node:http';
import type { Orchestrator } from '@wfo/core';
import { createRuntime, registerApplication, type Runtime } from '@wfo/runtime';
import { createWfoApp } from '@wfo/server';
import { authenticationOf } from '../authentication';
import { exposedSettingsOf } from '../exposed-settings';
import type { Env } from '../env';
import { runtimeConfigOf } from '../runtime-config';
import { onShutdown } from '../shutdown';

type ConnectedEnv = Env & { DATABASE_URL: string; REDIS_URL: string };

/** Start the HTTP API on a runtime; resolves with the listening server (Express 5 passes listen errors to the callback). */
export async function listenApi(
  runtime: Runtime,
  env: ConnectedEnv,
  port: number,
  authActiveByDefault: boolean,
): Promise<Server> {
  await registerApplication(runtime.prisma, runtime.workflows, runtime.products);
  await redisReady(runtime);
  const authenticate = authenticationOf(env, authActiveByDefault, (line) => runtime.logger.warn(line));
  const dashboardUsers = env.WFO_DASHBOARD_USERS?.split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const app = createWfoApp(runtime, {
    authenticate,
    exposedSettings: exposedSettingsOf(env),
    dashboardAllowed: dashboardUsers
      ? (user) => typeof user?.name === 'string' && dashboardUsers.includes(user.name)
      : undefined,
    options: { bodyLimit: env.WFO_BODY_LIMIT, maxConcurrentRequests: env.WFO_MAX_CONCURRENT_REQUESTS },
  });
  return new Promise((resolve, reject) => {
    const server = app.listen(port, env.HOST, (err?: Error) => (err ? reject(err) : resolve(server)));
  });
}

/** How long the API waits for Redis at boot. */
const REDIS_BOOT_TIMEOUT_MS = 15_000;

/**
 * Redis must answer once before the API listens, as Postgres must: BullMQ holds every command of a connection that
 * never became ready, so requests would hang instead of answering 503. Later outages fail fast (503).
 */
async function redisReady(runtime: Runtime): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(
          new Error(
            `Redis did not answer within ${REDIS_BOOT_TIMEOUT_MS / 1000} s: start it, or check REDIS_URL (or REDIS_CLUSTER_NODES)`,
          ),
        ),
      REDIS_BOOT_TIMEOUT_MS,
    );
  });
  try {
    await Promise.race([runtime.queue.queue.waitUntilReady(), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function addressOf(server: Server, host: string): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  return `http://${shown}:${port}`;
}

/** `wfo api`: the HTTP API and the Bull dashboard, until SIGTERM/SIGINT. */
export async function apiCommand(
  app: Orchestrator,
  env: ConnectedEnv,
  port: number,
  log: (line: string) => void,
): Promise<void> {
  // Fail fast on Redis: while it is unreachable, requests answer 503 instead of hanging.
  const runtime = createRuntime({ ...runtimeConfigOf(app, env), redisFailFast: true });
  const server = await listenApi(runtime, env, port, true).catch(async (err: unknown) => {
    await runtime.close();
    throw err;
  });
  log(`WFO API listening on ${addressOf(server, env.HOST)} (dashboard: /dashboard/queues)`);
  await onShutdown(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await runtime.close();
  });
}
