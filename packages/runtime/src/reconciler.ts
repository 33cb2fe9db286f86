import type { PrismaClient } from '@wfo/db';
import { callbackTimeoutCheckpoint, type Logger } from '@wfo/engine';
import { loadSnapshot, writeCheckpoint } from './process-repository';
import { stepJobName } from './step-executor';
import type { StepQueue } from './step-queue';
import type { WorkflowRegistry } from './workflow-registry';

export interface ReconcilerDeps {
  readonly prisma: PrismaClient;
  readonly workflows: WorkflowRegistry;
  readonly queue: StepQueue;
  readonly logger: Logger;
  readonly now: () => number;
}

export interface ReconcileOptions {
  /** Only processes unchanged for this long count as stuck (covers the gap between commit and enqueue). */
  readonly graceMs: number;
  /** At most this many processes per run. @defaultValue 1000 */
  readonly batchSize?: number;
}

export interface ReconcileResult {
  readonly requeued: number;
  readonly timedOut: number;
}

/**
 * Postgres wins: every process that should be moving (created, running, resumed) but has no live step job (a
 * crash between commit and enqueue, a Redis that lost its data, a job that gave up) gets its job back. Safe on all
 * workers at once: the job id is deterministic, so a second enqueue is a no-op. Skipped while the engine is paused.
 * Also fails processes whose callback is overdue (the timeout of a callback step).
 */
export async function reconcileOnce(deps: ReconcilerDeps, opts: ReconcileOptions): Promise<ReconcileResult> {
  const { prisma, queue } = deps;
  const limit = opts.batchSize ?? 1000;
  const stuck = await prisma.$queryRaw<Array<{ pid: string; position: number; attempt: number; workflow_key: string }>>`
    SELECT p.pid, p.position, p.attempt, w.name AS workflow_key
    FROM processes p JOIN workflows w ON w.workflow_id = p.workflow_id
    WHERE p.last_status IN ('created', 'running', 'resumed')
      AND p.last_modified_at < now() - make_interval(secs => ${opts.graceMs / 1000})
      AND NOT COALESCE((SELECT global_lock FROM engine_settings LIMIT 1), false)
    ORDER BY p.last_modified_at
    LIMIT ${limit}`;
  const candidates = stuck.map((p) => ({
    ...p,
    processId: p.pid,
    token: { position: p.position, attempt: p.attempt },
  }));
  const missing = await queue.withoutLiveJob(candidates);
  for (const p of missing) {
    const workflow = deps.workflows.get(p.workflow_key);
    const jobName = workflow ? stepJobName(workflow, p.position) : `${p.workflow_key} › ?`;
    await queue.replaceFailed(p.processId, p.token, { jobName });
  }
  if (missing.length > 0) deps.logger.warn('Re-enqueued processes without a step job', { count: missing.length });
  const timedOut = await failOverdueCallbacks(deps, limit);
  return { requeued: missing.length, timedOut };
}

/** Fail processes that awaited their callback longer than the callback step's timeout (reference §1.8). */
async function failOverdueCallbacks(deps: ReconcilerDeps, limit: number): Promise<number> {
  const overdue = await deps.prisma.$queryRaw<Array<{ pid: string }>>`
    SELECT p.pid FROM processes p
    JOIN LATERAL (
      SELECT s.status, s.state, s.started_at FROM process_steps s WHERE s.pid = p.pid ORDER BY s.completed_at DESC LIMIT 1
    ) s ON true
    WHERE p.last_status = 'awaiting_callback' AND s.status = 'awaiting_callback'
      AND jsonb_typeof(s.state -> '__callback_timeout') = 'number'
      AND s.started_at + make_interval(secs => (s.state ->> '__callback_timeout')::double precision) <= now()
    LIMIT ${limit}`;
  let count = 0;
  for (const { pid } of overdue) {
    const snapshot = await loadSnapshot(deps.prisma, pid);
    if (!snapshot) continue;
    const logged = callbackTimeoutCheckpoint(snapshot, deps.now());
    if (!logged) continue;
    const committed = await writeCheckpoint(
      deps.prisma,
      pid,
      { position: snapshot.position, attempt: snapshot.attempt, status: snapshot.status },
      logged.row,
      { ...logged.process, position: snapshot.position, attempt: snapshot.attempt },
    );
    if (committed) count += 1;
  }
  return count;
}
