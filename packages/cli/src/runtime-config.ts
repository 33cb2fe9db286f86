import type { Orchestrator } from '@wfo/core';
import { consoleLogger, type RuntimeConfig, type StepWorkerOptions } from '@wfo/runtime';
import { clusterNodesOf, type Env } from './env';

/** The runtime's configuration from the application and the parsed environment. */
export function runtimeConfigOf(
  app: Orchestrator,
  env: Env & { DATABASE_URL: string; REDIS_URL: string },
): RuntimeConfig {
  return {
    databaseUrl: env.DATABASE_URL,
    redisUrl: env.REDIS_URL,
    redisClusterNodes: clusterNodesOf(env),
    workflows: app.workflows,
    products: app.products,
    forms: app.forms,
    queueName: env.WFO_QUEUE_NAME,
    prefix: env.WFO_QUEUE_PREFIX,
    poolSize: env.WFO_DB_POOL_SIZE,
    stateSizeLimits: { warnBytes: env.WFO_STATE_WARN_BYTES, maxBytes: env.WFO_STATE_MAX_BYTES },
    logger: consoleLogger(env.LOG_LEVEL, { pid: process.pid }),
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
