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
import { EventPublisher } from './live-events/event-publisher';
import { liveEventsChannel } from './live-events/live-event';
import { liveEventsObserver } from './live-events/live-events-observer';
import { StepMetricsRecorder } from './operations/step-metrics';
import { countLiveWorkers, WorkerHeartbeat } from './operations/worker-heartbeat';
import { INITIAL_SCHEDULE, type ScheduleDeclaration } from './schedules/schedule-declaration';
import { ScheduleRunner } from './schedules/schedule-runner';
import { ScheduleService } from './schedules/schedule-service';
import { ScheduleTimers } from './schedules/schedule-timers';
import { TaskServicesHolder } from './tasks/task-services';
import type { Translations } from './tasks/translations';

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
  /** Watch every step the workers of this process run (logs, traces; live events and metrics are built in). */
  readonly stepObservers?: readonly StepObserver[];
  /** Schedules declared in code, synced at start (`syncSchedules`). */
  readonly schedules?: readonly ScheduleDeclaration[];
  /** Declare orchestrator-core's initial schedule too (reference §4.2). @defaultValue true */
  readonly initialSchedule?: boolean;
  /** The application's translations by language (`GET /api/translations/{lang}`). */
  readonly translations?: Readonly<Record<string, Translations>>;
  /** `task_clean_up_tasks` removes completed tasks older than this many days. @defaultValue 3 */
  readonly taskLogRetentionDays?: number;
  /** `task_validate_subscriptions` validates out-of-sync subscriptions too. @defaultValue false */
  readonly validateOutOfSyncSubscriptions?: boolean;
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
  /** Live events (Redis pub/sub) for every API instance's websocket clients. */
  readonly events: EventPublisher;
  /** The Redis channel of the live events. */
  readonly eventsChannel: string;
  readonly redisUrl: string;
  readonly prefix: string;
  readonly schedules: ScheduleService;
  /** The timers' queue (shown in the Bull dashboard). */
  readonly scheduleTimers: ScheduleTimers;
  /** The schedules declared in code (with the initial schedule unless turned off). */
  readonly declaredSchedules: readonly ScheduleDeclaration[];
  readonly translations: Readonly<Record<string, Translations>>;
  /** Step and reconciler counters, aggregated in Redis for `/api/metrics`. */
  readonly metrics: StepMetricsRecorder;
  /**
   * What a worker process runs besides its step workers: its heartbeat (`/api/settings/worker-status`) and the
   * schedule ticks. Stopped by `close()`.
   */
  startWorkerServices(opts?: { reconcileIntervalMs?: number }): Promise<void>;
  /** A worker consuming step jobs (call `start()`); closed with the runtime. */
  createWorker(opts?: Partial<Omit<StepWorkerOptions, 'connection' | 'queueName' | 'prefix'>>): StepWorker;
  close(): Promise<void>;
}

export function createRuntime(config: RuntimeConfig): Runtime {
  const logger = config.logger ?? consoleLogger();
  const queueName = config.queueName ?? 'wfo-steps';
  const prefix = config.prefix ?? '{wfo}';
  const tasks = new TaskServicesHolder();
  const workflows = applicationWorkflows(config.workflows, tasks);
  const products = config.products ?? [];
  const prisma = createPrisma({ databaseUrl: config.databaseUrl, poolSize: config.poolSize });
  const catalog = new ProductCatalog(prisma, products);
  const subscriptions = new SubscriptionRepository(prisma, catalog);
  const formServices = new DomainFormServices(prisma, catalog);
  const redis = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
  redis.on('error', (err) => logger.warn('Redis error', { error: err.message }));
  const queue = new StepQueue({ connection: redis, queueName, prefix });
  const logError = (what: string) => (err: unknown) =>
    logger.warn(what, { error: err instanceof Error ? err.message : String(err) });
  const eventsChannel = liveEventsChannel(prefix);
  const events = new EventPublisher(redis, eventsChannel, { onError: logError('Could not publish live events') });
  const metrics = new StepMetricsRecorder(redis, prefix, logError('Could not record metrics'));
  const processes = new ProcessService({
    prisma,
    workflows,
    queue,
    redis,
    lockPrefix: prefix,
    formServices,
    logger,
    now: nowSeconds,
    events,
  });
  const engine = new EngineSettingsService({
    prisma,
    workflows,
    queue,
    logger,
    events,
    workersOnline: () => countLiveWorkers(redis, prefix),
  });
  const translations = config.translations ?? {};
  tasks.set({
    prisma,
    processes,
    queue,
    workflows,
    products,
    translations,
    taskLogRetentionDays: config.taskLogRetentionDays ?? 3,
    validateOutOfSyncSubscriptions: config.validateOutOfSyncSubscriptions ?? false,
    now: nowSeconds,
  });
  const scheduleTimers = new ScheduleTimers(redis, prefix);
  const schedules = new ScheduleService({ prisma, workflows, timers: scheduleTimers, events });
  const declaredSchedules = [
    ...(config.initialSchedule === false ? [] : INITIAL_SCHEDULE),
    ...(config.schedules ?? []),
  ];
  const builtinObservers = [liveEventsObserver(events, prisma), metrics.observer()];
  const observer = combineObservers([...builtinObservers, ...(config.stepObservers ?? [])], (err) =>
    logger.error('A step observer failed', { error: err instanceof Error ? err.message : String(err) }),
  );
  const workers: StepWorker[] = [];
  const connections: Redis[] = [];
  const newConnection = () => {
    const connection = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
    connection.on('error', (err) => logger.warn('Redis error', { error: err.message }));
    connections.push(connection);
    return connection;
  };
  let heartbeat: WorkerHeartbeat | null = null;
  let scheduleRunner: ScheduleRunner | null = null;

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
    events,
    eventsChannel,
    redisUrl: config.redisUrl,
    prefix,
    schedules,
    scheduleTimers,
    declaredSchedules,
    translations,
    metrics,
    async startWorkerServices(opts = {}) {
      if (heartbeat) return;
      heartbeat = new WorkerHeartbeat(redis, prefix, logError('Worker heartbeat failed'));
      await heartbeat.start();
      scheduleRunner = new ScheduleRunner(
        { prisma, processes, schedules, logger, redis },
        { connection: newConnection(), prefix, reconcileIntervalMs: opts.reconcileIntervalMs },
      );
      scheduleRunner.start();
    },
    createWorker(opts = {}) {
      const worker = new StepWorker(
        { prisma, workflows, queue, logger, subscriptions, environment: systemEnvironment, observer },
        {
          ...DEFAULT_WORKER_OPTIONS,
          onReconciled: (result) => {
            metrics.recordReconcile('requeued', result.requeued);
            metrics.recordReconcile('timed_out', result.timedOut);
          },
          ...opts,
          connection: newConnection(),
          queueName,
          prefix,
        },
      );
      workers.push(worker);
      return worker;
    },
    async close() {
      await Promise.all(workers.map((w) => w.close()));
      await scheduleRunner?.close();
      await heartbeat?.stop();
      await Promise.all([events.close(), metrics.close()]);
      await scheduleTimers.close();
      await queue.close();
      for (const c of connections) c.disconnect();
      redis.disconnect();
      await prisma.$disconnect();
    },
  };
}
