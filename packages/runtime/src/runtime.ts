import { createPrismaWithPool, endPool, type PgPool, type PrismaClient } from '@wfo/db';
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
import { EventPublisher } from './live-events/event-publisher';
import { liveEventsChannel } from './live-events/live-event';
import { liveEventsObserver } from './live-events/live-events-observer';
import { StepMetricsRecorder } from './operations/step-metrics';
import { CheckpointBatcher } from './checkpoint-batcher';
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
  /** The `pg` pool under `prisma` (the step worker's hot path uses it directly). */
  readonly pool: PgPool;
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
  /** Live events (Redis pub/sub) for every API instance's websocket clients. */
  readonly events: EventPublisher;
  /** The Redis channel of the live events. */
  readonly eventsChannel: string;
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
  const tasks = new TaskServicesHolder();
  const workflows = applicationWorkflows(config.workflows, tasks);
  const products = config.products ?? [];
  const { prisma, pool } = createPrismaWithPool({ databaseUrl: config.databaseUrl, poolSize: config.poolSize });
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
  const logError = (what: string) => (err: unknown) =>
    logger.warn(what, { error: err instanceof Error ? err.message : String(err) });
  const eventsChannel = liveEventsChannel(prefix);
  const events = new EventPublisher(redis, eventsChannel, { onError: logError('Could not publish live events') });
  const metrics = new StepMetricsRecorder(redis, prefix, logError('Could not record metrics'));
  // The connection's listener above logs Redis errors once; BullMQ would print each again, with its stack.
  queue.queue.on('error', () => undefined);
  const processes = new ProcessService({
    prisma,
    pool,
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
  const builtinObservers = [liveEventsObserver(events, pool), metrics.observer()];
  const observer = combineObservers([...builtinObservers, ...(config.stepObservers ?? [])], (err) =>
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
  /** A connection of its own (a worker's blocking commands, the schedule runner), closed with the runtime. */
  const newConnection = () => {
    const connection = connectRedis(redisTarget);
    connection.on('error', (err: Error) => logger.warn('Redis error', { error: err.message }));
    connections.push(connection);
    return connection;
  };
  let heartbeat: WorkerHeartbeat | null = null;
  let scheduleRunner: ScheduleRunner | null = null;

  return {
    prisma,
    pool,
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
    connectRedis: () => connectRedis(redisTarget),
    createWorker(opts = {}) {
      const worker = new StepWorker(
        {
          prisma,
          pool,
          // Group commit: checkpoints that finish together on this worker share one statement (ADR 0013).
          checkpoints: new CheckpointBatcher(pool),
          pendingAdds: new Set(),
          workflows,
          queue,
          logger,
          subscriptions,
          environment: systemEnvironment,
          observer,
          stateSize,
        },
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
      await endPool(pool);
    },
  };
}
