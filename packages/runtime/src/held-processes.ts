import { Prisma, type PrismaClient } from '@wfo/db';
import { isStoppedBranchStatus, ProcessStatus, type Workflow } from '@wfo/engine';
import { WORKFLOW_KEY_SQL } from './process-repository';
import type { ProcessToken } from './process-token';
import { stepJobName } from './step-job-name';
import type { StepQueue } from './step-queue';
import type { WorkflowRegistry } from './workflow-registry';

/** A process that should have a step job: moving (created, running, resumed), or waiting for its next retry. */
export interface HeldProcess {
  readonly processId: string;
  readonly token: ProcessToken;
  readonly workflowKey: string;
  readonly status: ProcessStatus;
}

/** The statuses of a branch that still moves (or waits) by itself: its parent waits for it. */
const OPEN_BRANCH_STATUSES: string[] = Object.values(ProcessStatus).filter((s) => !isStoppedBranchStatus(s));

/**
 * Processes in these statuses unchanged for `graceMs` (oldest first): the moving ones must have a step job; a
 * waiting one has its retry's job. Moving and waiting processes are asked for separately, so a crowd of waiting
 * processes whose retries ran out can never crowd moving ones out of a reconciler run.
 */
export async function heldProcesses(
  prisma: PrismaClient,
  opts: { graceMs: number; limit: number; statuses: readonly ProcessStatus[] },
): Promise<HeldProcess[]> {
  const rows = await prisma.$queryRaw<
    Array<{ pid: string; position: number; attempt: number; workflow_key: string; last_status: string }>
  >`
    SELECT p.pid, p.position, p.attempt, ${Prisma.raw(WORKFLOW_KEY_SQL)} AS workflow_key, p.last_status
    FROM processes p JOIN workflows w ON w.workflow_id = p.workflow_id
    WHERE p.last_status = ANY(${[...opts.statuses]}::text[])
      AND p.last_modified_at < now() - make_interval(secs => ${opts.graceMs / 1000})
      -- A process whose parallel step's branches still run has no job of its own until they stop (the last one to
      -- stop joins them; this finds the parent again if that join was lost).
      AND NOT EXISTS (
        SELECT 1 FROM processes b WHERE b.parent_pid = p.pid AND b.last_status = ANY(${OPEN_BRANCH_STATUSES}::text[])
      )
    ORDER BY p.last_modified_at
    LIMIT ${opts.limit}`;
  return rows.map((r) => ({
    processId: r.pid,
    token: { position: r.position, attempt: r.attempt },
    workflowKey: r.workflow_key,
    status: r.last_status as ProcessStatus,
  }));
}

/** The dashboard name of a held process's job (its workflow may have left the application). */
export function heldJobName(workflows: WorkflowRegistry, p: Pick<HeldProcess, 'workflowKey' | 'token'>): string {
  const workflow: Workflow | undefined = workflows.get(p.workflowKey);
  return workflow ? stepJobName(workflow, p.token.position) : `${p.workflowKey} › ?`;
}

/** Give moving processes their step job back (replacing a job that gave up). Idempotent: job ids are deterministic. */
export async function requeue(
  queue: StepQueue,
  workflows: WorkflowRegistry,
  processes: readonly HeldProcess[],
): Promise<void> {
  for (const p of processes) await queue.replaceFailed(p.processId, p.token, { jobName: heldJobName(workflows, p) });
}
