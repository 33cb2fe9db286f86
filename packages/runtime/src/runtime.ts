import { createPrisma, type PrismaClient } from '@wfo/db';
import { DomainFormServices, ProductCatalog, SubscriptionRepository, type ProductDefinition } from '@wfo/domain';
import type { Form, FormContext, Logger, Workflow } from '@wfo/engine';
import { consoleLogger } from './console-logger';
import { EngineSettingsService } from './engine-settings-service';
import { assertClusterPrefix, connectRedis, type RedisConnection, type RedisTarget } from './redis-connection';
import { ProcessService } from './process-service';
import { StepQueue } from './step-queue';
import { DEFAULT_STATE_SIZE_LIMITS, formatBytes, type StateSizeLimits, type StateSizePolicy } from './state-size-limit';
import { combineObservers, type StepObserver } from './step-observer';
import { StepWorker, type StepWorkerOptions } from './step-worker';
import { systemEnvironment, nowSeconds } from './system-environment';
import { applicationWorkflows, type WorkflowRegistry } from './workflow-registry';

export interface RuntimeConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  /** Seed nodes of a Redis Cluster (`redis://host:port` each); when given, used instead of `redisUrl`. */
  readonly redisClusterNodes?: readonly string[];
  /**
   * Fail Redis commands of the shared connection after a short wait while Redis is unreachable, instead of holding
   * them until it is back: for the API, so requests answer 503 rather than hang. Workers' own connections always
   * wait. @defaultValue false
   */
  readonly redisFailFast?: boolean;
  readonly workflows: readonly Workflow[];
  /** The application's products (synced to the database by `registerApplication`). */
  readonly products?: readonly ProductDefinition[];
  /** Standalone forms (`POST /api/forms/{key}`). */
  readonly forms?: Readonly<Record<string, Form>>;
  /** @defaultValue 'wfo-steps' */
  readonly queueName?: string;
  /** BullMQ key prefix (a Redis Cluster hash tag). @defaultValue '{wfo}' */
  readonly prefix?: string;
  /** Postgres connections of this process. @defaultValue 10 */
  readonly poolSize?: number;
  readonly logger?: Logger;
  /** How large a process's state may grow: a warning above `warnBytes`, the step fails above `maxBytes`. */
  readonly stateSizeLimits?: Partial<StateSizeLimits>;
  /** Watch every step the workers of this process run (logs, metrics, traces, live events). */
  readonly stepObservers?: readonly StepObserver[];
}

export const DEFAULT_WORKER_OPTIONS: Omit<StepWorkerOptions, 'connection' | 'queueName' | 'prefix'> = {
  concurrency: 20,
  stalledIntervalMs: 30_000,
  lockDurationMs: 30_000,
  reconcileIntervalMs: 10_000,
  reconcileGraceMs: 5_000,
  retryStepAttempts: 5,
  retryBackoffMs: 2_000,
  shutdownGraceMs: 25_000,
};

/** One process's view of WFO: database, queue and services, built once and closed on shutdown. */
export interface Runtime {
  readonly prisma: PrismaClient;
  readonly redis: RedisConnection;
  readonly queue: StepQueue;
  readonly workflows: WorkflowRegistry;
  readonly products: readonly ProductDefinition[];
  readonly catalog: ProductCatalog;
  readonly subscriptions: SubscriptionRepository;
  readonly forms: ReadonlyMap<string, Form>;
  /** The services forms get (product and subscription lookups), loaded. */
  formContext(): Promise<FormContext>;
  readonly logger: Logger;
  readonly processes: ProcessService;
  readonly engine: EngineSettingsService;
  /**
   * A new connection to this runtime's Redis (or Redis Cluster) that waits through outages, for a worker or a
   * subscriber of its own; the caller disconnects it.
   */
  connectRedis(): RedisConnection;
  /** A worker consuming step jobs (call `start()`); closed with the runtime. */
  createWorker(opts?: Partial<Omit<StepWorkerOptions, 'connection' | 'queueName' | 'prefix'>>): StepWorker;
  close(): Promise<void>;
}

export function createRuntime(config: RuntimeConfig): Runtime {
  const logger = config.logger ?? consoleLogger();
  const queueName = config.queueName ?? 'wfo-steps';
  const prefix = config.prefix ?? '{wfo}';
  const workflows = applicationWorkflows(config.workflows);
  const products = config.products ?? [];
  const prisma = createPrisma({ databaseUrl: config.databaseUrl, poolSize: config.poolSize });
  const catalog = new ProductCatalog(prisma, products);
  const subscriptions = new SubscriptionRepository(prisma, catalog);
  const formServices = new DomainFormServices(prisma, catalog);
  const redisTarget: RedisTarget = config.redisClusterNodes
    ? { clusterNodes: config.redisClusterNodes }
    : { url: config.redisUrl };
  if ('clusterNodes' in redisTarget) assertClusterPrefix(prefix);
  const redis = connectRedis(redisTarget, { failFast: config.redisFailFast });
  redis.on('error', (err: Error) => logger.warn('Redis error', { error: err.message }));
  const queue = new StepQueue({ connection: redis, queueName, prefix });
  // The connection's listener above logs Redis errors once; BullMQ would print each again, with its stack.
  queue.queue.on('error', () => undefined);
  const processes = new ProcessService({
    prisma,
    workflows,
    queue,
    redis,
    lockPrefix: prefix,
    formServices,
    logger,
    now: nowSeconds,
  });
  const engine = new EngineSettingsService({ prisma, workflows, queue, logger });
  const observer = combineObservers(config.stepObservers ?? [], (err) =>
    logger.error('A step observer failed', { error: err instanceof Error ? err.message : String(err) }),
  );
  const stateSize: StateSizePolicy = {
    ...DEFAULT_STATE_SIZE_LIMITS,
    ...config.stateSizeLimits,
    onLargeState: (bytes, where) =>
      logger.warn(`A process state is ${formatBytes(bytes)}: keep large data out of the state`, {
        ...where,
        bytes,
        warnBytes: stateSize.warnBytes,
        maxBytes: stateSize.maxBytes,
      }),
  };
  const workers: StepWorker[] = [];
  const connections: RedisConnection[] = [];

  return {
    prisma,
    redis,
    queue,
    workflows,
    products,
    catalog,
    subscriptions,
    forms: new Map(Object.entries(config.forms ?? {})),
    formContext: () => formServices.formContext(),
    logger,
    processes,
    engine,
    connectRedis: () => connectRedis(redisTarget),
    createWorker(opts = {}) {
      const connection = connectRedis(redisTarget);
      connection.on('error', (err: Error) => logger.warn('Redis error', { error: err.message }));
      connections.push(connection);
      const worker = new StepWorker(
        { prisma, workflows, queue, logger, subscriptions, environment: systemEnvironment, observer, stateSize },
        { ...DEFAULT_WORKER_OPTIONS, ...opts, connection, queueName, prefix },
      );
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await queue.close();
      for (const c of connections) c.disconnect();
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}
