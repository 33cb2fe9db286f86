import type { PrismaClient } from '@wfo/db';
import { checkCallback, MOVING_STATUSES, ProcessStatus, type Logger } from '@wfo/engine';
import { loadSnapshot, resumeWaiting } from './process-repository';
import { failOverdueCallback, findOverdueCallbacks } from './tasks/callback-timeouts';
import { continueAwaiting, loadEarlyCallback } from './callback-continuation';
import { heldJobName, heldProcesses, requeue } from './held-processes';
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
  /** A waiting process's new job runs this much later. */
  readonly retryDelayMs: number;
  /** At most this many processes per run. @defaultValue 1000 */
  readonly batchSize?: number;
}

export interface ReconcileResult {
  readonly requeued: number;
  readonly timedOut: number;
}

/**
 * Postgres wins: every process that should have a step job (created, running, resumed; or waiting for its next
 * retry) but has none (a crash between commit and enqueue, a Redis that lost its data, a job that gave up) gets it
 * back. Safe on all workers at once: job ids are deterministic, so a second enqueue is a no-op. While the engine is
 * paused it only makes sure the queue is paused too (a Redis restart forgets that). Also fails processes whose
 * callback is overdue (the timeout of a callback step).
 */
export async function reconcileOnce(deps: ReconcilerDeps, opts: ReconcileOptions): Promise<ReconcileResult> {
  const { prisma, queue } = deps;
  const settings = await prisma.engineSettings.findFirst();
  const locked = settings?.global_lock ?? false;
  if (locked !== (await queue.isPaused())) await queue.setPaused(locked);
  if (locked) return { requeued: 0, timedOut: 0 };
  const limit = opts.batchSize ?? 1000;
  const moving = await queue.withoutLiveJob(
    await heldProcesses(prisma, { graceMs: opts.graceMs, limit, statuses: MOVING_STATUSES }),
  );
  await requeue(queue, deps.workflows, moving);
  const waiting = await queue.withoutLiveJob(
    await heldProcesses(prisma, { graceMs: opts.graceMs, limit, statuses: [ProcessStatus.WAITING] }),
    { failedCounts: true },
  );
  for (const p of waiting) {
    if (!(await resumeWaiting(prisma, p.processId, p.token))) continue;
    const token = { position: p.token.position, attempt: p.token.attempt + 1 };
    await queue.enqueue(p.processId, token, { jobName: heldJobName(deps.workflows, p), delayMs: opts.retryDelayMs });
  }
  const requeued = moving.length + waiting.length;
  if (requeued > 0) deps.logger.warn('Re-enqueued processes without a step job', { count: requeued });
  const continued = await continueEarlyCallbacks(deps, limit);
  const timedOut = await failOverdueCallbacks(deps, limit);
  return { requeued: requeued + continued, timedOut };
}

/**
 * Processes that began to await a callback which had already arrived (the await read before the answer was stored):
 * continue them with it.
 */
async function continueEarlyCallbacks(deps: ReconcilerDeps, limit: number): Promise<number> {
  const found = await deps.prisma.$queryRaw<Array<{ pid: string; token: string }>>`
    SELECT p.pid, s.state ->> '__callback_token' AS token FROM processes p
    JOIN LATERAL (
      SELECT s.status, s.state FROM process_steps s WHERE s.pid = p.pid ORDER BY s.completed_at DESC LIMIT 1
    ) s ON true
    WHERE p.last_status = 'awaiting_callback' AND s.status = 'awaiting_callback'
      AND EXISTS (
        SELECT 1 FROM input_states i WHERE i.pid = p.pid AND i.input_type = 'user_input'
          AND i.input_state -> '__early_callback' ->> 'token' = s.state ->> '__callback_token'
      )
    LIMIT ${limit}`;
  let count = 0;
  for (const { pid, token } of found) {
    const snapshot = await loadSnapshot(deps.prisma, pid);
    const early = await loadEarlyCallback(deps.prisma, pid, token);
    if (!snapshot || !early) continue;
    let awaiting;
    try {
      // Still awaiting this token? (It may have moved on to another await, with another token, meanwhile.)
      awaiting = checkCallback(snapshot.status, snapshot.lastRow, token);
    } catch {
      continue;
    }
    if (await continueAwaiting(deps, snapshot, awaiting, early.body)) count += 1;
  }
  return count;
}

/** Fail processes that awaited their callback longer than the callback step's timeout (reference §1.8). */
async function failOverdueCallbacks(deps: ReconcilerDeps, limit: number): Promise<number> {
  let count = 0;
  for (const pid of await findOverdueCallbacks(deps.prisma, limit)) {
    if (await failOverdueCallback(deps.prisma, pid, deps.now())) count += 1;
  }
  return count;
}
