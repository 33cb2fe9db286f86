import type { User } from '@wfo/engine';
import type { PrismaClient } from '@wfo/db';
import type { Logger, Workflow } from '@wfo/engine';
import type { Tracing } from '@wfo/runtime';
import type { Queue } from 'bullmq';
import type { CorsOptions } from 'cors';
import type { Authenticate } from './http/authentication';
import type { RoutePolicy } from './http/route-policy';
import type { RouteDefinition } from './http/define-route';

/**
 * A group of routes. It gets the app's dependencies and returns its route definitions; `createApp` registers
 * every module's routes in one registry (which orders them, documents them in OpenAPI and applies auth and
 * validation alike). Modules needing more than `AppDependencies` close over it:
 *
 * @example
 * const commandRoutes = (service: ProcessService): RouteModule => ({ logger }) => [
 *   defineRoute({ method: 'put', path: '/api/processes/:process_id/abort', … handler: … }),
 * ];
 * createApp({ …deps, routers: [commandRoutes(service)] });
 */
export type RouteModule = (deps: AppDependencies) => readonly RouteDefinition[];

export interface AppOptions {
  /**
   * Largest accepted request body (JSON or text); larger ones answer 413. A byte count or a size like `'1mb'`.
   * @defaultValue '1mb'
   */
  readonly bodyLimit?: string | number;
  /**
   * Requests answered at once; one more answers 429 with `Retry-After` at once instead of waiting in memory.
   * `GET /api/health` is not counted. @defaultValue 100
   */
  readonly maxConcurrentRequests?: number;
  /**
   * List totals (`Content-Range`) are exact up to this many matches, estimated beyond (see `countTotal`).
   * `Infinity` always counts exactly.
   * @defaultValue 10000
   */
  readonly exactCountLimit?: number;
  /**
   * How long `GET /api/health` waits for Postgres and Redis before calling them down.
   * @defaultValue 2000
   */
  readonly healthTimeoutMs?: number;
  /**
   * Check every returned body against its route's documented schema; a mismatch answers 500 and is logged. For
   * tests: it keeps the OpenAPI document honest.
   * @defaultValue false
   */
  readonly validateResponses?: boolean;
  /** `info` of the OpenAPI document. @defaultValue `{ title: 'WFO', version: '0.1.0' }` */
  readonly openapi?: { readonly title?: string; readonly version?: string; readonly description?: string };
}

export interface AppDependencies {
  readonly prisma: PrismaClient;
  /** Only pinged by the health check; any Redis client (ioredis) fits. */
  readonly redis: { ping(): Promise<unknown> };
  /** The registered workflows by key (`workflows.name`). */
  readonly workflows: ReadonlyMap<string, Workflow>;
  readonly logger: Logger;
  /** Route modules added to the built-in read routes. */
  readonly routers?: readonly RouteModule[];
  /**
   * Mounts the Bull dashboard at `/dashboard/queues`, behind authentication. `allowed` narrows it further (the
   * dashboard can retry and remove any job, outside the workflows' own authorization callbacks).
   */
  readonly dashboard?: { readonly queues: readonly Queue[]; readonly allowed?: (user: User | null) => boolean };
  /** Authentication of every route except the public ones (health, translations). @defaultValue none: every caller is anonymous */
  readonly auth?: { readonly authenticate: Authenticate };
  /** A route-level policy after authentication (orchestrator-core's OPA slot): false answers 403. */
  readonly policy?: RoutePolicy;
  /** Cross-origin requests (the stock UI runs on another origin). @defaultValue none: no CORS headers */
  readonly cors?: CorsOptions;
  /** OpenTelemetry spans for every request and process start. @defaultValue none: nothing traced */
  readonly tracing?: Tracing;
  readonly options?: AppOptions;
}

export type ResolvedAppOptions = Required<Omit<AppOptions, 'openapi'>> & {
  readonly openapi: { readonly title: string; readonly version: string; readonly description?: string };
};

export function resolveAppOptions(options: AppOptions = {}): ResolvedAppOptions {
  return {
    bodyLimit: options.bodyLimit ?? '1mb',
    maxConcurrentRequests: options.maxConcurrentRequests ?? 100,
    exactCountLimit: options.exactCountLimit ?? 10_000,
    healthTimeoutMs: options.healthTimeoutMs ?? 2000,
    validateResponses: options.validateResponses ?? false,
    openapi: { title: 'WFO', version: '0.1.0', ...options.openapi },
  };
}
