import type { Server } from 'node:http';
import type { Orchestrator } from '@wfo/core';
import { createRuntime, EventSubscriber, registerApplication, type Runtime } from '@wfo/runtime';
import { attachLiveEvents, createWfoApp, type RoutePolicy } from '@wfo/server';
import { Redis } from 'ioredis';
import { authenticationOf } from '../authentication';
import { exposedSettingsOf } from '../exposed-settings';
import type { Env } from '../env';
import { runtimeConfigOf } from '../runtime-config';
import { onShutdown } from '../shutdown';

type ConnectedEnv = Env & { DATABASE_URL: string; REDIS_URL: string };

export interface ListeningApi {
  readonly server: Server;
  /** Stop serving: websockets, the live-events subscription, then the HTTP server. */
  close(): Promise<void>;
}

/**
 * Start the HTTP API on a runtime: register the application (workflows, products, declared schedules), serve
 * the REST API, the Bull dashboard and the websockets. Resolves once listening (Express 5 passes listen errors to
 * the callback).
 */
export async function listenApi(
  runtime: Runtime,
  env: ConnectedEnv,
  port: number,
  authActiveByDefault: boolean,
  policy?: RoutePolicy,
): Promise<ListeningApi> {
  await registerApplication(runtime.prisma, runtime.workflows, runtime.products);
  await runtime.schedules.syncDeclared(runtime.declaredSchedules);
  const auth = authenticationOf(env, authActiveByDefault, (line) => runtime.logger.warn(line));
  const dashboardUsers = env.WFO_DASHBOARD_USERS?.split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  const app = createWfoApp(runtime, {
    authenticate: auth?.authenticate,
    policy,
    cors: corsOf(env),
    translationsDir: env.TRANSLATIONS_DIR,
    exposedSettings: exposedSettingsOf(env),
    dashboardAllowed: dashboardUsers
      ? (user) => typeof user?.name === 'string' && dashboardUsers.includes(user.name)
      : undefined,
    options: { bodyLimit: env.WFO_BODY_LIMIT },
  });
  const subscriber = new EventSubscriber(
    new Redis(env.REDIS_URL, { maxRetriesPerRequest: null }),
    runtime.eventsChannel,
    (err) => runtime.logger.warn('Bad live event', { error: String(err) }),
  );
  await subscriber.start();
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, env.HOST, (err?: Error) => (err ? reject(err) : resolve(listening)));
  });
  const websockets = attachLiveEvents(server, {
    subscriber,
    verifyToken: auth?.verifyToken,
    policy,
    engineStatus: () => runtime.engine.status(),
    logger: runtime.logger,
  });
  return {
    server,
    async close() {
      websockets.close();
      subscriber.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** CORS as orchestrator-core configures it (`CORS_ORIGINS`, `*` by default: the stock UI runs on another origin). */
function corsOf(env: Env) {
  const list = (value: string) =>
    value
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean);
  const origins = list(env.CORS_ORIGINS);
  return {
    origin: origins.includes('*') ? true : origins,
    methods: list(env.CORS_ALLOW_METHODS),
    allowedHeaders: list(env.CORS_ALLOW_HEADERS),
    exposedHeaders: list(env.CORS_EXPOSE_HEADERS),
  };
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
  const runtime = createRuntime(runtimeConfigOf(app, env));
  const api = await listenApi(runtime, env, port, true, app.policy).catch(async (err: unknown) => {
    await runtime.close();
    throw err;
  });
  log(`WFO API listening on ${addressOf(api.server, env.HOST)} (dashboard: /dashboard/queues)`);
  await onShutdown(async () => {
    await api.close();
    await runtime.close();
  });
}
