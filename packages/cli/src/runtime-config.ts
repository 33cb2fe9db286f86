import type { Orchestrator } from '@wfo/core';
import { pinoLogger, stepFailureLog, type RuntimeConfig, type StepWorkerOptions, type Tracing } from '@wfo/runtime';
import { clusterNodesOf, type Env } from './env';
import type { Connections } from './services';

/** The runtime's configuration from the application and the parsed environment (and tracing, when it is on). */
export function runtimeConfigOf(
  app: Orchestrator,
  env: Env,
  connections: Connections,
  tracing?: Tracing,
): RuntimeConfig {
  const logger = pinoLogger(env.LOG_LEVEL);
  return {
    databaseUrl: connections.databaseUrl,
    redisUrl: connections.redisUrl,
    redisClusterNodes: clusterNodesOf(env),
    workflows: app.workflows,
    products: app.products,
    forms: app.forms,
    queueName: env.WFO_QUEUE_NAME,
    prefix: env.WFO_QUEUE_PREFIX,
    poolSize: env.WFO_DB_POOL_SIZE,
    logger,
    // The workers of `wfo worker` and `wfo dev` log every failing step (the API runs no steps).
    stepObservers: [stepFailureLog(logger), ...(tracing ? [tracing.stepObserver] : [])],
    schedules: app.schedules,
    initialSchedule: env.WFO_INITIAL_SCHEDULE,
    translations: app.translations,
    taskLogRetentionDays: env.TASK_LOG_RETENTION_DAYS,
    validateOutOfSyncSubscriptions: env.VALIDATE_OUT_OF_SYNC_SUBSCRIPTIONS,
    stateSizeLimits: { warnBytes: env.WFO_STATE_WARN_BYTES, maxBytes: env.WFO_STATE_MAX_BYTES },
  };
}

export function workerOptionsOf(env: Env, concurrency?: number): Partial<StepWorkerOptions> {
  return {
    concurrency: concurrency ?? 20,
    stalledIntervalMs: env.WFO_STALLED_INTERVAL_MS,
    lockDurationMs: env.WFO_LOCK_DURATION_MS,
    reconcileIntervalMs: env.WFO_RECONCILE_INTERVAL_MS,
    reconcileGraceMs: env.WFO_RECONCILE_GRACE_MS,
    retryStepAttempts: env.WFO_RETRY_ATTEMPTS,
    retryBackoffMs: env.WFO_RETRY_BACKOFF_MS,
    shutdownGraceMs: env.WFO_SHUTDOWN_GRACE_MS,
  };
}
