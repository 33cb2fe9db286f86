import type { Server } from 'node:http';
import type { Orchestrator } from '@wfo/core';
import { createRuntime, registerApplication, type Runtime } from '@wfo/runtime';
import { API_DOCS_PATH, createWfoApp, DASHBOARD_PATH } from '@wfo/server';
import { authenticationOf } from '../authentication';
import { exposedSettingsOf } from '../exposed-settings';
import type { Env } from '../env';
import type { Lifecycle } from '../lifecycle';
import { runtimeConfigOf } from '../runtime-config';
import { connectServices, type Connections } from '../services';

/**
 * Start the HTTP API on a runtime; resolves with the listening server, registered with `lifecycle` to be closed
 * (Express 5 passes listen errors to the callback).
 */
export async function listenApi(
  runtime: Runtime,
  env: Env,
  port: number,
  authActiveByDefault: boolean,
  lifecycle: Lifecycle,
): Promise<Server> {
  await registerApplication(runtime.prisma, runtime.workflows, runtime.products);
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
    options: { bodyLimit: env.WFO_BODY_LIMIT },
  });
  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(port, env.HOST, (err?: Error) => (err ? reject(err) : resolve(listening)));
  });
  lifecycle.onClose(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return server;
}

/** The line that says where the API is, with its documentation and the dashboard. */
export function listeningLine(server: Server, host: string): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const shown = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const url = `http://${shown}:${port}`;
  return `WFO API listening on ${url} (API docs: ${url}${API_DOCS_PATH}, dashboard: ${url}${DASHBOARD_PATH})`;
}

/** A runtime for the app on these connections, closed by `lifecycle`. */
export function openRuntime(app: Orchestrator, env: Env, connections: Connections, lifecycle: Lifecycle): Runtime {
  const runtime = createRuntime(runtimeConfigOf(app, env, connections));
  lifecycle.onClose(() => runtime.close());
  return runtime;
}

/** `wfo api`: the HTTP API and the Bull dashboard, until stopped. */
export async function apiCommand(
  app: Orchestrator,
  env: Env,
  port: number,
  lifecycle: Lifecycle,
  log: (line: string) => void,
): Promise<void> {
  const connections = await connectServices(env, { command: 'api', postgres: 'none', redis: 'none' }, lifecycle, log);
  const runtime = openRuntime(app, env, connections, lifecycle);
  const server = await listenApi(runtime, env, port, true, lifecycle);
  log(listeningLine(server, env.HOST));
  await lifecycle.untilStopped();
}
