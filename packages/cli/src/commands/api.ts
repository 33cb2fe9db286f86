import type { Server } from 'node:http';
import type { Orchestrator } from '@wfo/core';
import { EventSubscriber, registerApplication, type Runtime, type Tracing } from '@wfo/runtime';
import { API_DOCS_PATH, attachLiveEvents, createWfoApp, DASHBOARD_PATH, type RoutePolicy } from '@wfo/server';
import { authenticationOf } from '../authentication';
import { exposedSettingsOf } from '../exposed-settings';
import type { Env } from '../env';
import type { Lifecycle } from '../lifecycle';
import { openRuntime } from '../open-runtime';
import { connectServices } from '../services';
import { openTracing } from '../tracing';

/**
 * Start the HTTP API on a runtime: register the application (workflows, products, declared schedules), serve the
 * REST API, the Bull dashboard and the websockets. Resolves with the listening server once listening (Express 5
 * passes listen errors to the callback); websockets, the live-events subscription and the server are registered
 * with `lifecycle` to be closed.
 */
export async function listenApi(
  runtime: Runtime,
  env: Env,
  port: number,
  authActiveByDefault: boolean,
  lifecycle: Lifecycle,
  policy?: RoutePolicy,
  tracing?: Tracing,
): Promise<Server> {
  await registerApplication(runtime.prisma, runtime.workflows, runtime.products);
  await redisReady(runtime);
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
    options: { bodyLimit: env.WFO_BODY_LIMIT, maxConcurrentRequests: env.WFO_MAX_CONCURRENT_REQUESTS },
    tracing,
  });
  // A subscription needs a connection of its own (a subscribed Redis connection runs no other command).
  const subscriber = new EventSubscriber(runtime.connectRedis(), runtime.eventsChannel, (err) =>
    runtime.logger.warn('Bad live event', { error: String(err) }),
  );
  await subscriber.start();
  lifecycle.onClose(() => subscriber.close());
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, env.HOST, (err?: Error) => (err ? reject(err) : resolve(listening)));
  });
  lifecycle.onClose(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const websockets = attachLiveEvents(server, {
    subscriber,
    verifyToken: auth?.verifyToken,
    policy,
    engineStatus: () => runtime.engine.status(),
    logger: runtime.logger,
  });
  // Closed before the server, which waits for its connections to end.
  lifecycle.onClose(() => websockets.close());
  return server;
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

/** The line that says where the API is, with its documentation and the dashboard. */
export function listeningLine(server: Server, host: string): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shown}:${port}`;
  return `WFO API listening on ${url} (API docs: ${url}${API_DOCS_PATH}, dashboard: ${url}${DASHBOARD_PATH})`;
}

/** `wfo api`: the HTTP API and the Bull dashboard, until stopped. */
export async function apiCommand(
  app: Orchestrator,
  env: Env,
  port: number,
  lifecycle: Lifecycle,
  log: (line: string) => void,
): Promise<void> {
  const tracing = openTracing('wfo-api', env, lifecycle, log);
  const connections = await connectServices(env, { command: 'api', postgres: 'none', redis: 'none' }, lifecycle, log);
  // Fail fast on Redis: while it is unreachable, requests answer 503 instead of hanging.
  const runtime = openRuntime(app, env, connections, lifecycle, { redisFailFast: true, tracing });
  const server = await listenApi(runtime, env, port, true, lifecycle, app.policy, tracing);
  log(listeningLine(server, env.HOST));
  await lifecycle.untilStopped();
}
