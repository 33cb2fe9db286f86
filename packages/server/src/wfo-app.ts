import type { User } from '@wfo/engine';
import type { Runtime, Tracing } from '@wfo/runtime';
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
import { scheduledTasksFrom } from './graphql/scheduled-tasks-from-schedules';
import { subscriptionListRoutes } from './subscriptions/subscription-list-routes';
import type { Authenticate } from './http/authentication';
import type { RoutePolicy } from './http/route-policy';
import type { CorsOptions } from 'cors';
import { metricsRoutes } from './metrics/metrics-routes';
import { scheduleRoutes } from './schedules/schedule-routes';
import { searchIndexRoutes } from './commands/search-index-routes';
import { translationRoutes } from './translations/translation-routes';

export interface WfoAppOptions {
  /** Identify callers; omit to run without authentication (`OAUTH2_ACTIVE=false`). */
  readonly authenticate?: Authenticate;
  /** What `GET /api/settings/overview` shows (mask secrets first). @defaultValue none */
  readonly exposedSettings?: readonly ExposedSettings[];
  /** Who may use the Bull dashboard. @defaultValue every authenticated caller */
  readonly dashboardAllowed?: (user: User | null) => boolean;
  /** A route-level policy after authentication (orchestrator-core's OPA slot): false answers 403. */
  readonly policy?: RoutePolicy;
  /** Cross-origin requests. @defaultValue none */
  readonly cors?: CorsOptions;
  /** A folder of `<lang>.json` translation files (`TRANSLATIONS_DIR`). */
  readonly translationsDir?: string;
  /** OpenTelemetry spans for requests and process starts (`startTracing`). @defaultValue none */
  readonly tracing?: Tracing;
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
      scheduleRoutes(runtime.schedules),
      translationRoutes({ application: runtime.translations, directory: opts.translationsDir }),
      metricsRoutes({
        engine: runtime.engine,
        queues: { steps: runtime.queue, schedules: runtime.scheduleTimers.queue },
        redis: runtime.redis,
        prefix: runtime.prefix,
      }),
      searchIndexRoutes,
      searchRoutes,
      graphqlRoutes({
        loadDomainModel: async (id) => extendedDomainModel(runtime.prisma, await runtime.subscriptions.load(id), true),
        scheduledTasks: scheduledTasksFrom(runtime.schedules),
      }),
    ],
    dashboard: { queues: [runtime.queue.queue, runtime.scheduleTimers.queue], allowed: opts.dashboardAllowed },
    auth: opts.authenticate ? { authenticate: opts.authenticate } : undefined,
    policy: opts.policy,
    cors: opts.cors,
    tracing: opts.tracing,
    options: opts.options,
  });
}
