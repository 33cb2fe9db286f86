import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@wfo/db';
import {
  branchWorkflowOf,
  checkpointOf,
  isFailedStatus,
  isStoppedBranchStatus,
  planStep,
  ProcessStatus,
  settleBranches,
  type BranchProgress,
  type Logger,
  type State,
  type Step,
  type StepEnvironment,
  type Workflow,
} from '@wfo/engine';
import { loadSnapshot, markResumed, writeCheckpoint } from './process-repository';
import type { ProcessToken } from './process-token';
import type { StateSizePolicy } from './state-size-limit';
import { stepJobName } from './step-job-name';
import type { StepQueue } from './step-queue';
import type { WorkflowRegistry } from './workflow-registry';

/**
 * Parallel branches (SPEC §9, docs/adr/0017-parallel-branches-design.md). Each branch of a parallel step runs as a
 * hidden process of its own (`processes.parent_pid`, `parallel_step`, `branch`), whose workflow is the branch's step
 * list: every branch step is then a step job checkpointed exactly like any other (compare-and-set on the branch
 * process's token, stalled jobs, the reconciler, retry steps, callbacks, sleeps). This module is the fork and the
 * join around them; the linear step path only calls in here for a parallel step or a branch that stopped.
 */

type Db = Pick<PrismaClient, '$queryRaw' | '$executeRaw' | '$queryRawUnsafe'>;

export interface ParallelDeps {
  readonly prisma: PrismaClient;
  readonly workflows: WorkflowRegistry;
  readonly queue: StepQueue;
  readonly logger: Logger;
  readonly environment: () => StepEnvironment;
  readonly stateSize?: StateSizePolicy;
}

/** One branch process of a parallel step, as the fork and the join read it. */
interface BranchRow {
  readonly pid: string;
  readonly branch: string;
  readonly last_status: ProcessStatus;
  readonly position: number;
  readonly attempt: number;
  readonly failed_reason: string | null;
  readonly last_step: string | null;
  /** Epoch seconds. */
  readonly started_at: number;
  /** Its newest cleared row's state, else its initial state (the fork state). */
  readonly state: State | null;
}

/** The branch processes of one parallel step of a process, oldest first. */
async function loadBranches(db: Db, parentPid: string, parallelStep: string): Promise<BranchRow[]> {
  return db.$queryRaw<BranchRow[]>`
    SELECT b.pid::text AS pid, b.branch, b.last_status, b.position, b.attempt, b.failed_reason, b.last_step,
           extract(epoch FROM b.started_at)::float8 AS started_at,
           COALESCE(
             (SELECT s.state FROM process_steps s
               WHERE s.pid = b.pid AND s.status NOT IN ('failed', 'suspend', 'waiting', 'awaiting_callback')
               ORDER BY s.completed_at DESC LIMIT 1),
             (SELECT i.input_state FROM input_states i
               WHERE i.pid = b.pid AND i.input_type = 'initial_state' ORDER BY i.input_time DESC LIMIT 1)
           ) AS state
      FROM processes b
     WHERE b.parent_pid = ${parentPid}::uuid AND b.parallel_step = ${parallelStep}
     ORDER BY b.started_at, b.pid`;
}

export interface ForkInput {
  readonly workflow: Workflow;
  readonly parentPid: string;
  /** The parent's token: it must still be `running` with it. */
  readonly token: ProcessToken;
  readonly step: Step;
  /** The state at the fork: every branch starts from it. */
  readonly fork: State;
  /** The parent was failed at this step and is retried: its failed branches run again from their failed steps. */
  readonly retry: boolean;
  readonly isTask: boolean;
  readonly actingUser: string;
  readonly traceparent?: string;
}

/**
 * The parallel step's job: in one transaction that holds the parent's row (compare-and-set on its token), create
 * the branch processes that do not exist yet, each from the fork state; then enqueue their first jobs. Branches
 * that exist already (a redelivered job, the reconciler finding a lost join, a retry) are not created again: on a
 * retry the failed ones are resumed from their failed steps, and the join is tried (every branch may have stopped).
 * `superseded` when the parent moved on meanwhile (nothing written).
 */
export async function forkBranches(deps: ParallelDeps, input: ForkInput): Promise<'forked' | 'superseded'> {
  const { workflow, parentPid, token, step } = input;
  const branches = step.parallel?.branches ?? [];
  const forked = await deps.prisma.$transaction(async (tx) => {
    const held = await tx.$queryRaw<Array<{ workflow_id: string }>>`
      UPDATE processes SET last_step = ${step.name}, last_modified_at = now()
       WHERE pid = ${parentPid}::uuid AND position = ${token.position} AND attempt = ${token.attempt}
         AND last_status = 'running'
      RETURNING workflow_id::text AS workflow_id`;
    const workflowId = held[0]?.workflow_id;
    if (!workflowId) return null;
    const existing = await loadBranches(tx, parentPid, step.name);
    const created: Array<{ pid: string; branch: string }> = [];
    const forkJson = JSON.stringify(input.fork);
    for (const branch of branches) {
      if (existing.some((e) => e.branch === branch.name)) continue;
      const pid = randomUUID();
      await tx.$executeRaw`
        WITH b AS (
          INSERT INTO processes (pid, workflow_id, last_status, created_by, acting_user, is_task, parent_pid,
                                 parallel_step, branch)
          VALUES (${pid}::uuid, ${workflowId}::uuid, 'created', ${input.actingUser}, ${input.actingUser},
                  ${input.isTask}, ${parentPid}::uuid, ${step.name}, ${branch.name})
          RETURNING pid
        )
        INSERT INTO input_states (pid, input_type, input_state) SELECT pid, 'initial_state', ${forkJson}::jsonb FROM b`;
      created.push({ pid, branch: branch.name });
    }
    return { existing, created };
  });
  if (!forked) return 'superseded';
  // After the commit: a crash before these enqueues leaves `created` branches without a job, which the reconciler
  // gives them (job ids are deterministic, so a second enqueue is a no-op).
  for (const { pid, branch } of forked.created) {
    const branchWorkflow = branchWorkflowOf(
      workflow,
      step,
      branches.find((b) => b.name === branch)!,
    );
    await deps.queue.enqueue(
      pid,
      { position: 0, attempt: 0 },
      { jobName: stepJobName(branchWorkflow, 0), traceparent: input.traceparent },
    );
  }
  if (forked.existing.length === 0) return 'forked';
  if (input.retry) {
    for (const row of forked.existing) {
      if (isFailedStatus(row.last_status)) await retryBranch(deps, input, row);
    }
  }
  await settleParallel(deps, parentPid);
  return 'forked';
}

/** Resume one failed branch from its failed step, as an API retry of it would (a fresh attempt, its job). */
async function retryBranch(deps: ParallelDeps, input: ForkInput, row: BranchRow): Promise<void> {
  const token = { position: row.position, attempt: row.attempt };
  const moved = await markResumed(deps.prisma, row.pid, { ...token, status: row.last_status }, input.actingUser, {});
  if (!moved) return;
  // Its failed job is superseded: the dashboard must not offer it for a retry any more.
  await deps.queue.removeIfIdle(row.pid, token).catch(() => undefined);
  const branch = input.step.parallel!.branches.find((b) => b.name === row.branch);
  const branchWorkflow = branch ? branchWorkflowOf(input.workflow, input.step, branch) : undefined;
  await deps.queue.enqueue(
    row.pid,
    { position: row.position, attempt: row.attempt + 1 },
    {
      jobName: branchWorkflow ? stepJobName(branchWorkflow, row.position) : `${input.workflow.key} › ?`,
      traceparent: input.traceparent,
    },
  );
}

/**
 * The join, tried whenever a branch stops (and by the parallel step's job when it finds its branches exist): under
 * a lock of the parent's row, so branches stopping together are joined exactly once, if every branch of the
 * parent's current parallel step has stopped, write the parallel step's row (the merged state, or the failure
 * naming the failed branches or the conflicting key) with a compare-and-set on the parent's token, as any step's
 * checkpoint; then enqueue the parent's next step. Nothing happens while a branch still runs.
 */
export async function settleParallel(deps: ParallelDeps, parentPid: string): Promise<void> {
  const settled = await deps.prisma.$transaction(async (tx) => {
    const held = await tx.$queryRaw<Array<{ pid: string }>>`
      SELECT pid::text AS pid FROM processes WHERE pid = ${parentPid}::uuid FOR UPDATE`;
    if (!held[0]) return null;
    const snapshot = await loadSnapshot(tx, parentPid);
    // A failed parent joins too: its failed branch was retried from the dashboard and has now completed.
    if (!snapshot || (snapshot.status !== ProcessStatus.RUNNING && !isFailedStatus(snapshot.status))) return null;
    const workflow = deps.workflows.get(snapshot.workflowKey);
    if (!workflow) return null;
    const plan = planStep(workflow, snapshot);
    if ((plan.kind !== 'execute' && plan.kind !== 'retry') || !plan.entry.step.parallel) return null;
    const branches = await loadBranches(tx, parentPid, plan.entry.step.name);
    if (branches.length === 0) return null;
    const decision = settleBranches(plan.entry.step, plan.state, branches.map(progressOf));
    if (decision.kind === 'running') return null;
    const checkpoint = checkpointOf(workflow, snapshot, plan, decision.result, {
      // The parallel step's row spans the fork (its first branch's start) to the join.
      startedAt: Math.min(...branches.map((b) => b.started_at)),
      now: deps.environment().now,
    });
    const expected = { position: snapshot.position, attempt: snapshot.attempt, status: snapshot.status };
    const process = { ...checkpoint.process, position: checkpoint.position, attempt: snapshot.attempt };
    const committed = await writeCheckpoint(tx, parentPid, expected, checkpoint.row, process, deps.stateSize);
    return committed ? { checkpoint, workflow, attempt: snapshot.attempt } : null;
  });
  if (!settled) return;
  const { checkpoint, workflow, attempt } = settled;
  if (checkpoint.next === null) return;
  await deps.queue.enqueue(
    parentPid,
    { position: checkpoint.next, attempt },
    { jobName: stepJobName(workflow, checkpoint.next) },
  );
}

/** A branch stopped (completed or failed): join its parallel step if it was the last one running. */
export async function settleParallelOfBranch(deps: ParallelDeps, branchPid: string): Promise<void> {
  const rows = await deps.prisma.$queryRaw<Array<{ parent_pid: string | null }>>`
    SELECT parent_pid::text AS parent_pid FROM processes WHERE pid = ${branchPid}::uuid`;
  const parent = rows[0]?.parent_pid;
  if (parent) await settleParallel(deps, parent);
}

function progressOf(row: BranchRow): BranchProgress {
  return {
    branch: row.branch,
    status: row.last_status,
    state: row.state ?? {},
    failedReason: row.failed_reason,
    lastStep: row.last_step,
  };
}

/** The branches of a process that still run (an abort of the process aborts them too). */
export async function openBranchIds(db: Pick<PrismaClient, '$queryRaw'>, parentPid: string): Promise<string[]> {
  const rows = await db.$queryRaw<Array<{ pid: string; last_status: ProcessStatus }>>`
    SELECT pid::text AS pid, last_status FROM processes WHERE parent_pid = ${parentPid}::uuid`;
  return rows.filter((r) => !isStoppedBranchStatus(r.last_status)).map((r) => r.pid);
}
