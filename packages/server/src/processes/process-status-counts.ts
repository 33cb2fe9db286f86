import { Prisma, type PrismaClient } from '@wfo/db';
import type { ProcessStatusCountsJson } from '../schemas/process-schema';
import { LISTED_PROCESS } from './process-row';

/**
 * `GET /api/processes/status-counts`: processes and tasks per status. Exact, as in orchestrator-core: it is one
 * grouped scan, for the dashboard, not per page.
 */
export async function processStatusCounts(prisma: PrismaClient): Promise<ProcessStatusCountsJson> {
  const rows = await prisma.$queryRaw<{ is_task: boolean; last_status: string; n: number }[]>(
    Prisma.sql`SELECT is_task, last_status, count(*)::float8 AS n FROM processes p WHERE ${LISTED_PROCESS} GROUP BY is_task, last_status`,
  );
  const counts: ProcessStatusCountsJson = { process_counts: {}, task_counts: {} };
  for (const row of rows) {
    const target = row.is_task ? counts.task_counts : counts.process_counts;
    target[row.last_status as keyof typeof target] = row.n;
  }
  return counts;
}
