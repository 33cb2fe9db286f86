import type { PrismaClient } from '@wfo/db';
import { type SubscriptionRepository } from '@wfo/domain';
import {
  checkpointOf,
  failed,
  toErrorState,
  type Checkpoint,
  type StepPlan,
  type StepResult,
  isFailedStatus,
  logStep,
  planOf,
  planStep,
  ProcessStatus,
  runStep,
  SYSTEM_USER,
  type Logger,
  type StepContext,
  type StepEnvironment,
  type Workflow,
} from '@wfo/engine';
import {
  CheckpointSupersededError,
  isModelError,
  modelsIn,
  saveModelsForCheckpoint,
  savesModels,
} from './model-checkpoint';
import { loadSnapshot, markRunning, writeCheckpoint, type StoredSnapshot } from './process-repository';
import type { ProcessToken } from './process-token';
import type { StepJobData, StepQueue } from './step-queue';
import type { WorkflowRegistry } from './workflow-registry';

export interface StepExecutorDeps {
  readonly prisma: PrismaClient;
  readonly workflows: WorkflowRegistry;
  readonly queue: StepQueue;
  readonly logger: Logger;
  /** Subscription models for steps (`ctx.subscriptions`), saved with the checkpoint of the step returning them. */
  readonly subscriptions: SubscriptionRepository;
  /** Time and randomness for a step (the engine takes them as inputs). */
  readonly environment: () => StepEnvironment;
}

/** What a step job did. `failed` and `waiting` end the BullMQ job as failed (waiting: retried with backoff). */
export type StepJobOutcome =
  | { readonly kind: 'stale' | 'idle' | 'paused'; readonly reason: string }
  | { readonly kind: 'continued' | 'stopped'; readonly status: ProcessStatus }
  | { readonly kind: 'failed' | 'waiting'; readonly reason: string };

/** The job name shown in the Bull dashboard: `<workflow key> › <step name>`. */
export function stepJobName(workflow: Workflow, position: number): string {
  const entry = planOf(workflow).entries[position];
  return `${workflow.key} › ${entry ? entry.step.name : 'end'}`;
}

/**
 * One step job: load the process, check the job is still current, run the step the engine plans, and commit its
 * checkpoint with a compare-and-set on the process's token. Only after the commit is the next job enqueued.
 * A duplicate or stale delivery commits nothing (at-least-once execution, exactly-once checkpoints).
 */
export async function executeStepJob(
  deps: StepExecutorDeps,
  data: StepJobData,
  signal: AbortSignal,
): Promise<StepJobOutcome> {
  const { prisma, logger } = deps;
  const token: ProcessToken = { position: data.stepIndex, attempt: data.attempt };
  const stored = await loadSnapshot(prisma, data.processId);
  if (!stored) return { kind: 'stale', reason: 'process does not exist' };
  if (stored.position !== token.position || stored.attempt !== token.attempt) {
    return { kind: 'stale', reason: `process is at ${stored.position}/${stored.attempt}` };
  }
  if (stored.engineLocked) return { kind: 'paused', reason: 'engine is paused' };

  const workflow = deps.workflows.get(stored.workflowKey);
  if (!workflow) return failRemovedWorkflow(deps, stored, token);

  const plan = planStep(workflow, stored);
  if (plan.kind === 'idle') return { kind: 'idle', reason: plan.reason };

  let snapshot: StoredSnapshot = stored;
  if (stored.status !== ProcessStatus.RUNNING) {
    // A retry that did not come through the API (Bull dashboard, backoff) runs as SYSTEM.
    const retriedBySystem = isFailedStatus(stored.status) || stored.status === ProcessStatus.WAITING;
    const actingUser = retriedBySystem ? SYSTEM_USER : undefined;
    if (!(await markRunning(prisma, data.processId, token, stored.status, actingUser))) {
      return { kind: 'stale', reason: 'process changed before the step started' };
    }
    snapshot = { ...stored, status: ProcessStatus.RUNNING, actingUser: actingUser ?? stored.actingUser };
  }

  const ctx: StepContext = {
    processId: snapshot.processId,
    workflowKey: workflow.key,
    user: snapshot.actingUser,
    signal,
    log: logger,
    subscriptions: deps.subscriptions.forProcess({ processId: snapshot.processId, workflowTarget: workflow.target }),
  };
  const env = deps.environment();
  const outcome = await runStep(plan, ctx, env);
  const checkpoint = await commitCheckpoint(deps, workflow, snapshot, token, plan, outcome, env.now);
  if (!checkpoint) return { kind: 'stale', reason: 'another delivery or an operation changed the process first' };

  if (checkpoint.next !== null) {
    await deps.queue.enqueue(
      data.processId,
      { position: checkpoint.next, attempt: token.attempt },
      { jobName: stepJobName(workflow, checkpoint.next) },
    );
    return { kind: 'continued', status: checkpoint.process.lastStatus };
  }
  const status = checkpoint.process.lastStatus;
  if (status === ProcessStatus.WAITING)
    return { kind: 'waiting', reason: checkpoint.process.failedReason ?? 'waiting' };
  if (isFailedStatus(status)) return { kind: 'failed', reason: checkpoint.process.failedReason ?? status };
  return { kind: 'stopped', status };
}

/**
 * Write the checkpoint of an outcome. Without models: one guarded statement. With models: one transaction that
 * locks the process (if it still has the token), saves the models, then writes the row; a model that cannot be
 * saved (invalid for its status, stale) fails the step instead, and that failure is checkpointed. Null when the
 * process moved on meanwhile (nothing committed).
 */
async function commitCheckpoint(
  deps: StepExecutorDeps,
  workflow: Workflow,
  snapshot: StoredSnapshot,
  token: ProcessToken,
  plan: Exclude<StepPlan, { kind: 'idle' }>,
  outcome: StepResult,
  startedAt: number,
): Promise<Checkpoint | null> {
  const expected = { ...token, status: ProcessStatus.RUNNING };
  const write = async (
    db: Pick<PrismaClient, '$queryRaw' | '$executeRaw'>,
    result: StepResult,
  ): Promise<Checkpoint | null> => {
    const checkpoint = checkpointOf(workflow, snapshot, plan, result, { startedAt, now: deps.environment().now });
    const process = { ...checkpoint.process, position: checkpoint.position, attempt: token.attempt };
    return (await writeCheckpoint(db, snapshot.processId, expected, checkpoint.row, process)) ? checkpoint : null;
  };
  const models = savesModels(outcome) ? modelsIn(outcome.state) : [];
  if (models.length === 0) return write(deps.prisma, outcome);
  try {
    return await deps.prisma.$transaction(async (tx) => {
      await saveModelsForCheckpoint(tx, deps.subscriptions.catalog, snapshot.processId, token, models, workflow.target);
      const checkpoint = await write(tx, outcome);
      if (!checkpoint) throw new CheckpointSupersededError();
      return checkpoint;
    });
  } catch (err) {
    if (err instanceof CheckpointSupersededError) return null;
    if (!isModelError(err)) throw err;
    return write(deps.prisma, failed(toErrorState(err)));
  }
}

/** The process's workflow is no longer in the application: fail it with a clear reason instead of looping. */
async function failRemovedWorkflow(
  deps: StepExecutorDeps,
  snapshot: StoredSnapshot,
  token: ProcessToken,
): Promise<StepJobOutcome> {
  const reason = `Workflow "${snapshot.workflowKey}" is not part of this application (any more): the process cannot run`;
  const now = deps.environment().now;
  const logged = logStep({
    stepName: snapshot.workflowKey,
    rowName: 'Workflow removed',
    assignee: 'SYSTEM',
    result: { status: 'failed', state: { class: 'WorkflowRemovedError', error: reason } },
    lastRow: snapshot.lastRow,
    user: SYSTEM_USER,
    isTask: snapshot.isTask,
    now,
  });
  const committed = await writeCheckpoint(
    deps.prisma,
    snapshot.processId,
    { ...token, status: snapshot.status },
    logged.row,
    {
      ...logged.process,
      lastStep: 'Workflow removed',
      position: token.position,
      attempt: token.attempt,
    },
  );
  deps.logger.error(reason, { processId: snapshot.processId });
  return committed ? { kind: 'failed', reason } : { kind: 'stale', reason: 'process changed' };
}
