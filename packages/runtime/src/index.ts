/**
 * @wfo/runtime: the imperative shell around the engine. It persists (Postgres), enqueues (BullMQ) and runs steps
 * on workers; every decision is the engine's.
 */
import {
  abortWorkflow,
  callback,
  callbackProgress,
  closeTestDatabases,
  resumeWorkflow,
  runWorkflow,
  timeoutCallback,
} from './testing';

/**
 * Run workflows in memory, with the engine's rules and no Redis (for workflow authors' tests). Processes stay in
 * memory; given `{ app }`, their subscriptions live in a throwaway Postgres database (`close()` drops it).
 */
export const testing = {
  runWorkflow,
  resumeWorkflow,
  callback,
  callbackProgress,
  timeoutCallback,
  abortWorkflow,
  close: closeTestDatabases,
};
export type { LogLine, RunOptions, TestApplication, TestProcess } from './testing';
export { consoleLogger, type LogLevel } from './console-logger';
export { acquireLock, type HeldLock } from './distributed-lock';
export {
  EngineSettingsService,
  type EngineStatus,
  type GlobalStatus,
  type WorkerStatus,
} from './engine-settings-service';
export { loadSnapshot, loadStepRows, type StoredSnapshot } from './process-repository';
export { ProcessService, type Requester } from './process-service';
export { stepJobId, type ProcessToken } from './process-token';
export { reconcileOnce, type ReconcileResult } from './reconciler';
export {
  assertClusterPrefix,
  connectRedis,
  isRedisUnavailableError,
  scanNodes,
  type RedisConnection,
  type RedisConnectionOptions,
  type RedisTarget,
} from './redis-connection';
export { createRuntime, DEFAULT_WORKER_OPTIONS, type Runtime, type RuntimeConfig } from './runtime';
export { EngineLockedError, NotATaskError, ProcessChangedError, ResumeAllRunningError } from './runtime-errors';
export { executeStepJob, type StepDelivery, type StepJobOutcome } from './step-executor';
export { stepJobName } from './step-job-name';
export { combineObservers, type ObservedStep, type ObservedStepEnd, type StepObserver } from './step-observer';
export { stepFailureLog } from './step-failure-log';
export {
  checkStateSize,
  DEFAULT_STATE_SIZE_LIMITS,
  StateTooLargeError,
  type StateSizeLimits,
  type StateSizePolicy,
} from './state-size-limit';
export { StepQueue, type EnqueueOptions, type StepJobData } from './step-queue';
export { CARRY_MAX_STATE_CHARS, snapshotFromCarried, type CarriedSnapshot } from './carried-snapshot';
export { CheckpointBatcher } from './checkpoint-batcher';
export { StepWorker, type StepWorkerOptions } from './step-worker';
export { newUrlSafeToken, nowSeconds, systemEnvironment } from './system-environment';
export {
  applicationWorkflows,
  registerApplication,
  registerWorkflows,
  workflowRegistry,
  type WorkflowRegistry,
} from './workflow-registry';
export { EventPublisher, type Publisher } from './live-events/event-publisher';
export { EventSubscriber, type LiveEventListener } from './live-events/event-subscriber';
export {
  liveEventsChannel,
  processInvalidations,
  subscriptionInvalidations,
  type CacheInvalidation,
  type CacheTag,
  type LiveEventBatch,
} from './live-events/live-event';
export { liveEventsObserver } from './live-events/live-events-observer';
export { pinoLogger } from './operations/pino-logger';
export { startTracing, type TracedRequest, type Tracing, type TracingOptions } from './operations/tracing/tracing';
export { tracesExporterOf, TracingConfigError, type TracesExporter } from './operations/tracing/tracing-config';
export {
  readDeploymentMetrics,
  STEP_DURATION_BUCKETS,
  StepMetricsRecorder,
  type DeploymentMetrics,
  type StepHistogram,
} from './operations/step-metrics';
export { countLiveWorkers, HEARTBEAT_INTERVAL_MS, WorkerHeartbeat } from './operations/worker-heartbeat';
export {
  checkScheduleDeclarations,
  declaredScheduleId,
  INITIAL_SCHEDULE,
  type ScheduleDeclaration,
} from './schedules/schedule-declaration';
export {
  DeclaredScheduleError,
  ScheduleNotAuthorizedError,
  ScheduleNotFoundError,
  ScheduleTriggerError,
  TaskNotFoundError,
} from './schedules/schedule-errors';
export { ScheduleRunner } from './schedules/schedule-runner';
export {
  ScheduleService,
  type NewSchedule,
  type ScheduleChange,
  type ScheduleView,
} from './schedules/schedule-service';
export { SCHEDULE_QUEUE, ScheduleTimers } from './schedules/schedule-timers';
export { InvalidTriggerError, TRIGGERS, timerOf, type Timer, type TriggerKind } from './schedules/schedule-trigger';
export { BUILTIN_TASK_KEYS } from './tasks/builtin-tasks';
export { translationsFor, type Translations } from './tasks/translations';
