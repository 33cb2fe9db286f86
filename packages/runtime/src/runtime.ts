import { createPrisma, type PrismaClient } from '@wfo/db';
import type { Logger, Workflow } from '@wfo/engine';
import { Redis } from 'ioredis';
import { consoleLogger } from './console-logger';
import { EngineSettingsService } from './engine-settings-service';
import { ProcessService } from './process-service';
import { StepQueue } from './step-queue';
import { StepWorker, type StepWorkerOptions } from './step-worker';
import { systemEnvironment, nowSeconds } from './system-environment';
import { workflowRegistry, type WorkflowRegistry } from './workflow-registry';

export interface RuntimeConfig {
  readonly databaseUrl: string;
  readonly redisUrl: string;
  readonly workflows: readonly Workflow[];
  /** @defaultValue 'wfo-steps' */
  readonly queueName?: string;
  /** BullMQ key prefix (a Redis Cluster hash tag). @defaultValue '{wfo}' */
  readonly prefix?: string;
  /** Postgres connections of this process. @defaultValue 10 */
  readonly poolSize?: number;
  readonly logger?: Logger;
}

export const DEFAULT_WORKER_OPTIONS: Omit<StepWorkerOptions, 'connection' | 'queueName' | 'prefix'> = {
  concurrency: 20,
  stalledIntervalMs: 30_000,
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
  const workflows = workflowRegistry(config.workflows);
  const prisma = createPrisma({ databaseUrl: config.databaseUrl, poolSize: config.poolSize });
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (err) => logger.warn('Redis error', { error: err.message }));
  const queue = new StepQueue({ connection: redis, queueName, prefix });
  const processes = new ProcessService({
    prisma,
    workflows,
    queue,
    redis,
    lockPrefix: prefix,
    logger,
    now: nowSeconds,
  });
  const engine = new EngineSettingsService({ prisma, workflows, queue, logger });
  const workers: StepWorker[] = [];
  const connections: Redis[] = [];

  return {
    prisma,
    redis,
    queue,
    workflows,
    logger,
    processes,
    engine,
    createWorker(opts = {}) {
      const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
      connection.on('error', (err) => logger.warn('Redis error', { error: err.message }));
      connections.push(connection);
      const worker = new StepWorker(
        { prisma, workflows, queue, logger, environment: systemEnvironment },
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
