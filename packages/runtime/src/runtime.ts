import { createPrisma, type PrismaClient } from '@wfo/db';
import { DomainFormServices, ProductCatalog, SubscriptionRepository, type ProductDefinition } from '@wfo/domain';
import type { Form, FormContext, Logger, Workflow } from '@wfo/engine';
import { Redis } from 'ioredis';
import { consoleLogger } from './console-logger';
import { EngineSettingsService } from './engine-settings-service';
import { ProcessService } from './process-service';
import { StepQueue } from './step-queue';
import { combineObservers, type StepObserver } from './step-observer';
import { StepWorker, type StepWorkerOptions } from './step-worker';
import { systemEnvironment, nowSeconds } from './system-environment';
import { applicationWorkflows, type WorkflowRegistry } from './workflow-registry';

export interface RuntimeConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
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
  readonly redis: Redis;
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
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (err) => logger.warn('Redis error', { error: err.message }));
  const queue = new StepQueue({ connection: redis, queueName, prefix });
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
  const workers: StepWorker[] = [];
  const connections: Redis[] = [];

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
    createWorker(opts = {}) {
      const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', (err) => logger.warn('Redis error', { error: err.message }));
      connections.push(connection);
      const worker = new StepWorker(
        { prisma, workflows, queue, logger, subscriptions, environment: systemEnvironment, observer },
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
