import type { Runtime } from '@wfo/runtime';
import type { Express } from 'express';
import type { AppOptions } from './app-dependencies';
import { createApp } from './app';
import { deleteKeysMatching } from './commands/delete-keys';
import { processCommandRoutes } from './commands/process-command-routes';
import { settingsRoutes } from './commands/settings-routes';
import type { Authenticate } from './http/authentication';

export interface WfoAppOptions {
  /** Identify callers; omit to run without authentication (`OAUTH2_ACTIVE=false`). */
  readonly authenticate?: Authenticate;
  readonly options?: AppOptions;
}

/** The complete WFO API over a runtime: reads, process commands, settings and the Bull dashboard. */
export function createWfoApp(runtime: Runtime, opts: WfoAppOptions = {}): Express {
  return createApp({
    prisma: runtime.prisma,
    redis: runtime.redis,
    workflows: runtime.workflows,
    logger: runtime.logger,
    routers: [
      processCommandRoutes(runtime.processes),
      settingsRoutes(runtime.engine, (pattern) => deleteKeysMatching(runtime.redis, pattern)),
    ],
    dashboard: { queues: [runtime.queue.queue] },
    auth: opts.authenticate ? { authenticate: opts.authenticate } : undefined,
    options: opts.options,
  });
}
