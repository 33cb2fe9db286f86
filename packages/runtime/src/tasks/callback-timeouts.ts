import type { PrismaClient } from '@wfo/db';
import { callbackTimeoutCheckpoint } from '@wfo/engine';
import { loadSnapshot, writeCheckpoint } from '../process-repository';

/** Processes whose awaited callback is overdue: the await row is older than its step's timeout (reference §1.8). */
export async function findOverdueCallbacks(prisma: PrismaClient, limit: number): Promise<string[]> {
  const rows = await prisma.$queryRaw<Array<{ pid: string }>>`
    SELECT p.pid FROM processes p
    JOIN LATERAL (
      SELECT s.status, s.state, s.started_at FROM process_steps s WHERE s.pid = p.pid ORDER BY s.completed_at DESC LIMIT 1
    ) s ON true
    WHERE p.last_status = 'awaiting_callback' AND s.status = 'awaiting_callback'
      AND jsonb_typeof(s.state -> '__callback_timeout') = 'number'
      AND s.started_at + make_interval(secs => (s.state ->> '__callback_timeout')::double precision) <= now()
    LIMIT ${limit}`;
  return rows.map((r) => r.pid);
}

/** Whether any process awaits a callback that can time out (the timeout sweep's run predicate). */
export async function callbacksWithTimeoutExist(prisma: PrismaClient): Promise<boolean> {
  const rows = await prisma.$queryRaw<Array<{ found: boolean }>>`
    SELECT EXISTS (
      SELECT 1 FROM processes p
      JOIN LATERAL (
        SELECT s.status, s.state FROM process_steps s WHERE s.pid = p.pid ORDER BY s.completed_at DESC LIMIT 1
      ) s ON true
      WHERE p.last_status = 'awaiting_callback' AND s.status = 'awaiting_callback'
        AND jsonb_typeof(s.state -> '__callback_timeout') = 'number'
    ) AS found`;
  return rows[0]?.found ?? false;
}

/**
 * Fail one overdue process: its await row turns `failed` in place ("Callback timed out"). False when it is no
 * longer awaiting (the callback arrived meanwhile): the compare-and-set on its token decides the race.
 */
export async function failOverdueCallback(prisma: PrismaClient, processId: string, now: number): Promise<boolean> {
  const snapshot = await loadSnapshot(prisma, processId);
  if (!snapshot) return false;
  const logged = callbackTimeoutCheckpoint(snapshot, now);
  if (!logged) return false;
  const token = { position: snapshot.position, attempt: snapshot.attempt };
  return writeCheckpoint(prisma, processId, { ...token, status: snapshot.status }, logged.row, {
    ...logged.process,
    ...token,
  });
}
