import type { User } from '@wfo/engine';
import type { Runtime } from '@wfo/runtime';
import type { Express } from 'express';
import type { AppOptions } from './app-dependencies';
import { createApp } from './app';
import { deleteKeysMatching } from './commands/delete-keys';
import { processCommandRoutes } from './commands/process-command-routes';
import { formRoutes } from './commands/form-routes';
import { settingsOverviewRoutes, type ExposedSettings } from './commands/settings-overview-routes';
import { settingsRoutes } from './commands/settings-routes';
import { customerDescriptionRoutes } from './customer-descriptions/customer-description-routes';
import { extendedDomainModel } from './domain-model/domain-model-json';
import { subscriptionDomainRoutes } from './domain-model/subscription-domain-routes';
import { graphqlRoutes } from './graphql/graphql-routes';
import { productBlockRoutes } from './metadata/product-block-routes';
import { resourceTypeRoutes } from './metadata/resource-type-routes';
import { workflowPatchRoutes } from './metadata/workflow-patch-routes';
import { productRoutes } from './products/product-routes';
import { searchRoutes } from './search/search-routes';
import { subscriptionListRoutes } from './subscriptions/subscription-list-routes';
import type { Authenticate } from './http/authentication';

export interface WfoAppOptions {
  /** Identify callers; omit to run without authentication (`OAUTH2_ACTIVE=false`). */
  readonly authenticate?: Authenticate;
  /** What `GET /api/settings/overview` shows (mask secrets first). @defaultValue none */
  readonly exposedSettings?: readonly ExposedSettings[];
  /** Who may use the Bull dashboard. @defaultValue every authenticated caller */
  readonly dashboardAllowed?: (user: User | null) => boolean;
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
      subscriptionDomainRoutes(runtime),
      formRoutes(runtime.forms, () => runtime.formContext()),
      settingsOverviewRoutes(opts.exposedSettings ?? []),
      subscriptionListRoutes,
      productRoutes,
      productBlockRoutes,
      resourceTypeRoutes,
      workflowPatchRoutes,
      customerDescriptionRoutes,
      searchRoutes,
      graphqlRoutes({
        loadDomainModel: async (id) => extendedDomainModel(runtime.prisma, await runtime.subscriptions.load(id), true),
      }),
    ],
    dashboard: { queues: [runtime.queue.queue], allowed: opts.dashboardAllowed },
    auth: opts.authenticate ? { authenticate: opts.authenticate } : undefined,
    options: opts.options,
  });
}
