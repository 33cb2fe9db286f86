import { type SubscriptionRepository } from '@wfo/domain';
import { isTransientError, type PgPool, type PrismaClient } from '@wfo/db';
import {
  checkpointOf,
  failed,
  InternalKey,
  isRunnableStatus,
  rowNameOf,
  WORKFLOW_DEFINITION_CHANGED,
  WORKFLOW_REMOVED,
  toErrorState,
  type Checkpoint,
  type StepPlan,
  type StepResult,
  isFailedStatus,
  logStep,
  planStep,
  ProcessStatus,
  StepStatus,
  runStep,
  SYSTEM_USER,
  type Logger,
  type StepContext,
  type StepEnvironment,
  type Workflow,
} from '@wfo/engine';
import { CheckpointSupersededError, modelsIn, saveModelsForCheckpoint, savesModels } from './model-checkpoint';
import { carryAfter, snapshotFromCarried, type CarriedSnapshot } from './carried-snapshot';
import type { CheckpointBatcher } from './checkpoint-batcher';
import {
  countWaitingAttempts,
  loadSnapshot,
  loadSnapshotSql,
  markProcessFailed,
  markRunning,
  writeCheckpoint,
  type StoredSnapshot,
} from './process-repository';
import type { ProcessToken } from './process-token';
import { loadEarlyCallback } from './callback-continuation';
import { forkBranches, settleParallelOfBranch } from './parallel-branches';
import { needsFreshAttempt, wakeDelayMs } from './sleep-schedule';
import { stepJobName } from './step-job-name';
import type { StepJobData, StepQueue } from './step-queue';
import type { StepObserver } from './step-observer';
import { DEFAULT_STATE_SIZE_LIMITS, stateJsonWithinLimits, type StateSizePolicy } from './state-size-limit';
import { commitCheckpointSql } from './step-sql';
import type { WorkflowRegistry } from './workflow-registry';

export interface StepExecutorDeps {
  readonly prisma: PrismaClient;
  /**
   * The `pg` pool under `prisma`: when given, the snapshot read and the checkpoint go through it as prepared
   * statements (docs/adr/0013-step-hot-path.md); without it, through Prisma.
   */
  readonly pool?: PgPool;
  /** Group commit of the checkpoints that go through `pool` (several steps' commits in one statement). */
  readonly checkpoints?: CheckpointBatcher;
  readonly workflows: WorkflowRegistry;
  readonly queue: StepQueue;
  readonly logger: Logger;
  /** Subscription models for steps (`ctx.subscriptions`), saved with the checkpoint of the step returning them. */
  readonly subscriptions: SubscriptionRepository;
  /** Time and randomness for a step (the engine takes them as inputs). */
  readonly environment: () => StepEnvironment;
  /** Watches every step run (logs, metrics, traces, live events); never has a say in it. */
  readonly observer?: StepObserver;
  /** How large a state may be stored (`StateTooLargeError` fails the step above it). @defaultValue 1 MiB / 16 MiB */
  readonly stateSize?: StateSizePolicy;
  /**
   * The next steps' job adds still on their way (a job ends without waiting for its successor's add, ADR 0013): the
   * worker waits for them when it closes.
   */
  readonly pendingAdds?: Set<Promise<void>>;
}

/** What a step job did. `failed` and `waiting` end the BullMQ job as failed (waiting: retried with backoff). */
export type StepJobOutcome =
  | { readonly kind: 'stale' | 'idle' | 'paused'; readonly reason: string }
  | { readonly kind: 'continued' | 'stopped'; readonly status: ProcessStatus }
  | { readonly kind: 'failed'; readonly reason: string }
  /** `attempts`: the automatic attempts the retry step has had so far. */
  | { readonly kind: 'waiting'; readonly reason: string; readonly attempts: number };

/** What the worker knows about the delivery of a step job. */
export interface StepDelivery {
  /** Fires when the worker shuts down; passed to the step as `ctx.signal`. */
  readonly signal: AbortSignal;
  /** BullMQ's count of this job's failed attempts: 0 for a first delivery and for a stalled re-delivery of it. */
  readonly attemptsMade: number;
  /**
   * This job ran before (a retry, or a stalled re-delivery after its worker died): it reads the process instead of
   * trusting a carried snapshot, so a step that already committed is not run again. @defaultValue false
   */
  readonly redelivered?: boolean;
}

/** A step that ran on a carried snapshot found the process moved on at its commit: read it and decide again. */
const CARRIED_SNAPSHOT_STALE = Symbol('carried snapshot stale');

/**
 * One step job: load the process, check the job is still current, run the step the engine plans, and commit its
 * checkpoint with a compare-and-set on the process's token. Only after the commit is the next job enqueued.
 * A duplicate or stale delivery commits nothing (at-least-once execution, exactly-once checkpoints).
 */
export async function executeStepJob(
  deps: StepExecutorDeps,
  data: StepJobData,
  delivery: StepDelivery,
): Promise<StepJobOutcome> {
  if (data.carried && !delivery.redelivered) {
    const outcome = await executeOnce(deps, data, delivery, data.carried);
    if (outcome !== CARRIED_SNAPSHOT_STALE) return outcome;
  }
  const outcome = await executeOnce(deps, data, delivery, undefined);
  return outcome === CARRIED_SNAPSHOT_STALE ? { kind: 'stale', reason: 'process changed' } : outcome;
}

async function executeOnce(
  deps: StepExecutorDeps,
  data: StepJobData,
  delivery: StepDelivery,
  carried: CarriedSnapshot | undefined,
): Promise<StepJobOutcome | typeof CARRIED_SNAPSHOT_STALE> {
  const { prisma, logger } = deps;
  const token: ProcessToken = { position: data.stepIndex, attempt: data.attempt };
  const stored = carried
    ? snapshotFromCarried(data.processId, token, carried)
    : deps.pool
      ? await loadSnapshotSql(deps.pool, data.processId)
      : await loadSnapshot(prisma, data.processId);
  if (!stored) return { kind: 'stale', reason: 'process does not exist' };
  if (stored.position !== token.position || stored.attempt !== token.attempt) {
    return { kind: 'stale', reason: `process is at ${stored.position}/${stored.attempt}` };
  }
  if (!isRunnableStatus(stored.status)) return { kind: 'idle', reason: `process is ${stored.status}` };
  if (stored.engineLocked) return { kind: 'paused', reason: 'engine is paused' };
  const retry = isFailedStatus(stored.status) || stored.status === ProcessStatus.WAITING;
  if (retry && delivery.attemptsMade === 0) {
    // A failed (or waiting) process reached by a job that never failed: the stalled re-delivery of the very run
    // that failed (its worker died after the checkpoint). It does not run again; the job ends as that run would
    // have (in the failed list, or retried with backoff). Only a retry (dashboard, backoff) runs the step again.
    const reason = stored.failedReason ?? stored.status;
    if (stored.status !== ProcessStatus.WAITING || !stored.lastRow) return { kind: 'failed', reason };
    return waitingOutcome(deps, stored.processId, stored.lastRow.name, reason);
  }

  const workflow = deps.workflows.get(stored.workflowKey);
  if (!workflow) return failRemovedWorkflow(deps, stored, token);

  const plan = planStep(workflow, stored);
  if (plan.kind === 'idle') return { kind: 'idle', reason: plan.reason };

  let snapshot: StoredSnapshot = stored;
  // A first built-in step carried from the start runs at once: its checkpoint's compare-and-set on `created` claims
  // the process (startsWithoutMarkingRunning). Every other step waits for the move to `running`.
  if (stored.status !== ProcessStatus.RUNNING && !startsWithoutMarkingRunning(stored, plan, carried)) {
    // A retry that did not come through the API (Bull dashboard, backoff) runs as SYSTEM.
    const actingUser = retry ? SYSTEM_USER : undefined;
    if (!(await markRunning(deps.pool ?? prisma, data.processId, token, stored.status, actingUser))) {
      return { kind: 'stale', reason: 'process changed before the step started' };
    }
    snapshot = { ...stored, status: ProcessStatus.RUNNING, actingUser: actingUser ?? stored.actingUser };
  }

  const stepName = plan.kind === 'definition-changed' ? WORKFLOW_DEFINITION_CHANGED : plan.entry.step.name;
  const startedAtMs = Date.now();
  const observed = deps.observer?.stepStarted({
    processId: snapshot.processId,
    workflowKey: workflow.key,
    stepName,
    position: token.position,
    attempt: token.attempt,
    attemptsMade: delivery.attemptsMade,
    startedAtMs,
    traceparent: data.traceparent,
  });
  // Every line a step logs says which process, workflow and step it came from. The child logger is made when the
  // step first logs: most steps never do, and making one per step showed in the worker's allocations.
  let stepLog: Logger | undefined;
  const ctx: StepContext = {
    processId: snapshot.processId,
    workflowKey: workflow.key,
    user: snapshot.actingUser,
    signal: delivery.signal,
    get log(): Logger {
      stepLog ??= logger.child
        ? logger.child({ processId: snapshot.processId, workflowKey: workflow.key, stepName })
        : logger;
      return stepLog;
    },
    subscriptions: deps.subscriptions.forProcess({ processId: snapshot.processId, workflowTarget: workflow.target }),
  };
  const env = await environmentFor(deps, plan, snapshot.processId);
  const outcome = await runStep(plan, ctx, env);
  const forking =
    plan.kind !== 'definition-changed' && plan.entry.step.parallel && outcome.status === StepStatus.SUCCESS
      ? plan
      : undefined;
  const finished = forking
    ? await forkStep(deps, data, {
        workflow,
        snapshot,
        token,
        plan: forking,
        // Only the job of a retry the user asked for (the process was `resumed`) retries failed branches: the same
        // job found again by the reconciler, once its branches stopped, only joins them.
        retryBranches: forking.kind === 'retry' && stored.status !== ProcessStatus.RUNNING,
        carried: carried !== undefined,
      })
    : await finishStep(deps, data, {
        workflow,
        snapshot,
        token,
        plan,
        outcome,
        startedAt: env.now,
        carried: carried !== undefined,
      });
  // Not reached when the commit throws (the database unreachable): the job is retried and observed again.
  observed?.({
    outcome:
      finished === CARRIED_SNAPSHOT_STALE ? { kind: 'stale', reason: 'the carried snapshot was stale' } : finished,
    stepStatus: outcome.status,
    error: errorOf(outcome),
    durationMs: Date.now() - startedAtMs,
  });
  return finished;
}

/** A failed or waiting step's error class and message, as its step row records them. */
function errorOf(outcome: StepResult): { class: string; message: string } | undefined {
  if (outcome.status !== StepStatus.FAILED && outcome.status !== StepStatus.WAITING) return undefined;
  const { class: errorClass, error } = outcome.state;
  return {
    class: typeof errorClass === 'string' ? errorClass : 'Error',
    message: typeof error === 'string' ? error : JSON.stringify(error ?? ''),
  };
}

/**
 * A first step job carried from the start (the process `created`, nothing run yet) whose step is a built-in (Start):
 * a pure function of the state with no effect outside its checkpoint, so it may run before the process is marked
 * `running`. Its checkpoint is the compare-and-set that claims the process, one statement less per process.
 */
function startsWithoutMarkingRunning(
  stored: StoredSnapshot,
  plan: Exclude<StepPlan, { kind: 'idle' }>,
  carried: CarriedSnapshot | undefined,
): boolean {
  return (
    carried !== undefined &&
    carried.row === undefined &&
    stored.status === ProcessStatus.CREATED &&
    plan.kind === 'execute' &&
    plan.entry.step.kind === 'builtin' &&
    !plan.entry.step.parallel
  );
}

/**
 * A parallel step that is not skipped: fork its branches (or, when they exist already, retry the failed ones and try
 * the join). The parallel step's row is written by the join (`settleParallel`), when its last branch stops.
 */
async function forkStep(
  deps: StepExecutorDeps,
  data: StepJobData,
  run: {
    workflow: Workflow;
    snapshot: StoredSnapshot;
    token: ProcessToken;
    plan: Exclude<StepPlan, { kind: 'idle' | 'definition-changed' }>;
    retryBranches: boolean;
    carried: boolean;
  },
): Promise<StepJobOutcome | typeof CARRIED_SNAPSHOT_STALE> {
  const { snapshot, plan } = run;
  const forked = await forkBranches(deps, {
    workflow: run.workflow,
    parentPid: snapshot.processId,
    token: run.token,
    step: plan.entry.step,
    fork: plan.state,
    retry: run.retryBranches,
    isTask: snapshot.isTask,
    actingUser: snapshot.actingUser,
    traceparent: data.traceparent,
  });
  if (forked === 'superseded') {
    if (run.carried) return CARRIED_SNAPSHOT_STALE;
    return { kind: 'stale', reason: 'another delivery or an operation changed the process first' };
  }
  return { kind: 'continued', status: ProcessStatus.RUNNING };
}

/** Commit a step's outcome, then enqueue the next step or say how the job ends. */
async function finishStep(
  deps: StepExecutorDeps,
  data: StepJobData,
  run: {
    workflow: Workflow;
    snapshot: StoredSnapshot;
    token: ProcessToken;
    plan: Exclude<StepPlan, { kind: 'idle' }>;
    outcome: StepResult;
    startedAt: number;
    /** The step ran on a carried snapshot. */
    carried: boolean;
  },
): Promise<StepJobOutcome | typeof CARRIED_SNAPSHOT_STALE> {
  const { workflow, snapshot, token, plan, outcome, startedAt } = run;
  // A retry that restarts a step group (or a sleep) runs again: the checkpoint moves to a fresh attempt, so the
  // next job's id can never be the id of this (still running) job.
  const written: ProcessToken = needsFreshAttempt(plan, token)
    ? { position: token.position, attempt: token.attempt + 1 }
    : token;
  const result = await commitCheckpoint(deps, { workflow, snapshot, token, written, plan, outcome, startedAt });
  if (result.kind === 'superseded') {
    // A carried snapshot can be stale (an abort or a retry came between the previous commit and this step): the
    // process is read again. A snapshot just read was not: another delivery or an operation won.
    if (run.carried) return CARRIED_SNAPSHOT_STALE;
    return { kind: 'stale', reason: 'another delivery or an operation changed the process first' };
  }
  if (result.kind === 'process-failed') return { kind: 'failed', reason: result.reason };
  const { checkpoint } = result;

  if (checkpoint.next !== null) {
    const delayMs = wakeDelayMs(checkpoint, Date.now());
    // Not awaited: this job's completion and the next job's add go to Redis together, not one round trip after the
    // other. The checkpoint is committed, so an add that fails loses nothing: the reconciler enqueues the process.
    const added = deps.queue
      .enqueue(
        data.processId,
        { position: checkpoint.next, attempt: written.attempt },
        {
          jobName: stepJobName(workflow, checkpoint.next),
          delayMs,
          traceparent: data.traceparent,
          carried: result.carry,
        },
      )
      .catch((err: unknown) =>
        deps.logger.warn('Could not enqueue the next step; the reconciler will', {
          processId: data.processId,
          error: String(err),
        }),
      );
    deps.pendingAdds?.add(added);
    void added.finally(() => deps.pendingAdds?.delete(added));
    return { kind: 'continued', status: checkpoint.process.lastStatus };
  }
  // A branch of a parallel step stopped: if it was the last one running, join them and move the parent on.
  if (workflow.branchOf) await settleParallelOfBranch(deps, data.processId);
  const status = checkpoint.process.lastStatus;
  if (status === ProcessStatus.WAITING) {
    const rowName = plan.kind === 'definition-changed' ? WORKFLOW_DEFINITION_CHANGED : rowNameOf(plan.entry);
    return waitingOutcome(deps, snapshot.processId, rowName, checkpoint.process.failedReason);
  }
  if (isFailedStatus(status)) return { kind: 'failed', reason: checkpoint.process.failedReason ?? status };
  return { kind: 'stopped', status };
}

/**
 * A retry step failed (again): how many automatic attempts it has had since the process last moved on, counted in
 * Postgres (a retried step group starts new jobs, so BullMQ's per-job count would start over).
 */
async function waitingOutcome(
  deps: StepExecutorDeps,
  processId: string,
  rowName: string,
  reason: string | null,
): Promise<StepJobOutcome> {
  const attempts = await countWaitingAttempts(deps.prisma, processId, rowName);
  return { kind: 'waiting', reason: reason ?? 'waiting', attempts };
}

/** Time and randomness for the step; for an "Await callback" sub-step also a callback that arrived early. */
async function environmentFor(
  deps: StepExecutorDeps,
  plan: Exclude<StepPlan, { kind: 'idle' }>,
  processId: string,
): Promise<StepEnvironment> {
  const env = deps.environment();
  if (plan.kind === 'definition-changed' || plan.kind === 'resume' || plan.entry.step.role !== 'await-callback')
    return env;
  const token = plan.state[InternalKey.CALLBACK_TOKEN];
  const earlyCallback = typeof token === 'string' ? await loadEarlyCallback(deps.prisma, processId, token) : undefined;
  return earlyCallback ? { ...env, earlyCallback } : env;
}

interface CheckpointInput {
  readonly workflow: Workflow;
  readonly snapshot: StoredSnapshot;
  /** The job's token: what the process must still have. */
  readonly token: ProcessToken;
  /** The token written with the checkpoint (a fresh attempt when a retry restarted a group). */
  readonly written: ProcessToken;
  readonly plan: Exclude<StepPlan, { kind: 'idle' }>;
  readonly outcome: StepResult;
  readonly startedAt: number;
}

/**
 * Write the checkpoint of an outcome. Without models: one guarded statement. With models: one transaction that
 * locks the process (if it still has the token), saves the models, then writes the row. What the database refuses
 * for good (a model invalid for its status or stale; a value Postgres cannot store, such as a NUL character or an
 * over-long string) fails the step instead, and that failure is checkpointed: retrying the same data would fail
 * the same way, forever. Null when the process moved on meanwhile (nothing committed).
 */
type CommitResult =
  | { readonly kind: 'committed'; readonly checkpoint: Checkpoint; readonly carry?: CarriedSnapshot }
  | { readonly kind: 'superseded' }
  | { readonly kind: 'process-failed'; readonly reason: string };

async function commitCheckpoint(deps: StepExecutorDeps, input: CheckpointInput): Promise<CommitResult> {
  const { workflow, snapshot, token, written, plan, outcome, startedAt } = input;
  // `running`, or `created` for a first built-in step (startsWithoutMarkingRunning).
  const expected = { ...token, status: snapshot.status };
  const write = async (
    db: Pick<PrismaClient, '$queryRaw' | '$executeRaw'>,
    result: StepResult,
  ): Promise<CommitResult> => {
    const checkpoint = checkpointOf(workflow, snapshot, plan, result, { startedAt, now: deps.environment().now });
    const process = { ...checkpoint.process, position: checkpoint.position, attempt: written.attempt };
    const committed = await writeCheckpoint(db, snapshot.processId, expected, checkpoint.row, process, deps.stateSize);
    return committed ? { kind: 'committed', checkpoint } : { kind: 'superseded' };
  };
  /** The common case, through the pool: one prepared statement, and what the next step's job may carry. */
  const writeThroughPool = async (pool: PgPool, result: StepResult): Promise<CommitResult> => {
    const checkpoint = checkpointOf(workflow, snapshot, plan, result, { startedAt, now: deps.environment().now });
    const process = { ...checkpoint.process, position: checkpoint.position, attempt: written.attempt };
    const { row } = checkpoint;
    const stateJson = stateJsonWithinLimits(row.state, deps.stateSize ?? DEFAULT_STATE_SIZE_LIMITS, {
      processId: snapshot.processId,
      ...(row.kind === 'insert' ? { stepName: row.name } : {}),
    });
    const committed =
      row.kind === 'insert' && deps.checkpoints
        ? await deps.checkpoints.commit({ processId: snapshot.processId, expected, row, stateJson, process })
        : await commitCheckpointSql(pool, snapshot.processId, expected, row, stateJson, process);
    if (!committed) return { kind: 'superseded' };
    // Nothing to carry after the last step; nor to a sleeping step's job, which wakes later and reads the process
    // then (an abort or an engine pause may have come meanwhile).
    const carry =
      checkpoint.next === null || checkpoint.wakeAt !== undefined
        ? undefined
        : carryAfter(snapshot, row, stateJson, committed);
    return { kind: 'committed', checkpoint, carry };
  };
  const models = savesModels(outcome) ? modelsIn(outcome.state) : [];
  try {
    if (models.length === 0)
      return deps.pool ? await writeThroughPool(deps.pool, outcome) : await write(deps.prisma, outcome);
    return await deps.prisma.$transaction(async (tx) => {
      await saveModelsForCheckpoint(tx, deps.subscriptions.catalog, snapshot.processId, token, models, workflow.target);
      const result = await write(tx, outcome);
      if (result.kind !== 'committed') throw new CheckpointSupersededError();
      return result;
    });
  } catch (err) {
    if (err instanceof CheckpointSupersededError) return { kind: 'superseded' };
    // The database unreachable or restarting: the job is retried (with backoff) and the step runs again.
    if (isTransientError(err)) throw err;
    // Anything else fails the same way again (a model invalid for its status, a value Postgres refuses, a bug):
    // it fails the step, once, instead of retrying forever.
    try {
      return await write(deps.prisma, failed(toErrorState(err)));
    } catch (second) {
      if (isTransientError(second)) throw second;
      // Even the failure could not be stored: record it on the process row alone (orchestrator-core's last resort).
      await markProcessFailed(deps.prisma, snapshot.processId, expected, err);
      return { kind: 'process-failed', reason: err instanceof Error ? err.message : String(err) };
    }
  }
}

/** The process's workflow is no longer in the application: fail it with a clear reason instead of looping. */
async function failRemovedWorkflow(
  deps: StepExecutorDeps,
  snapshot: StoredSnapshot,
  token: ProcessToken,
): Promise<StepJobOutcome> {
  const reason = `Workflow "${snapshot.workflowKey}" is not part of this application (any more): the process cannot run`;
  const logged = logStep({
    stepName: WORKFLOW_REMOVED,
    rowName: WORKFLOW_REMOVED,
    assignee: 'SYSTEM',
    result: failed({ class: 'WorkflowRemovedError', error: reason }),
    lastRow: snapshot.lastRow,
    user: SYSTEM_USER,
    isTask: snapshot.isTask,
    now: deps.environment().now,
  });
  const committed = await writeCheckpoint(
    deps.prisma,
    snapshot.processId,
    { ...token, status: snapshot.status },
    logged.row,
    {
      ...logged.process,
      position: token.position,
      attempt: token.attempt,
    },
  );
  deps.logger.error(reason, { processId: snapshot.processId });
  return committed ? { kind: 'failed', reason } : { kind: 'stale', reason: 'process changed' };
}
