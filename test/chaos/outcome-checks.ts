// What the chaos suite checks once the faults are over, from Postgres and Redis directly: every process completed,
// each step checkpointed exactly once, and no job left in the queue.
import { Queue } from 'bullmq';
import { Client } from 'pg';
import type { RedisConnection } from '@wfo/runtime';

export interface CheckpointCounts {
  readonly processes: number;
  readonly completed: number;
  /** (process, step) pairs with more than one success row. */
  readonly duplicateCheckpoints: number;
  /** Completed processes whose rows are not exactly one success row per step (and `complete` for Done). */
  readonly malformed: number;
  /** Step rows that are not success/complete: a step failed somewhere. */
  readonly failedRows: number;
}

export async function countCheckpoints(databaseUrl: string, expectedRowsPerProcess: number): Promise<CheckpointCounts> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const one = async (sql: string, params: unknown[] = []) => Number((await db.query(sql, params)).rows[0].n);
    return {
      processes: await one('SELECT count(*) AS n FROM processes'),
      completed: await one(`SELECT count(*) AS n FROM processes WHERE last_status = 'completed'`),
      duplicateCheckpoints: await one(`
        SELECT count(*) AS n FROM (
          SELECT pid, name FROM process_steps WHERE status IN ('success', 'complete')
          GROUP BY pid, name HAVING count(*) > 1
        ) d`),
      malformed: await one(
        `SELECT count(*) AS n FROM processes p
         WHERE p.last_status = 'completed'
           AND (SELECT count(*) FROM process_steps s WHERE s.pid = p.pid) <> $1`,
        [expectedRowsPerProcess],
      ),
      failedRows: await one(`SELECT count(*) AS n FROM process_steps WHERE status NOT IN ('success', 'complete')`),
    };
  } finally {
    await db.end();
  }
}

/** Step rows written so far (to see whether anything moves). */
export async function countStepRows(databaseUrl: string): Promise<number> {
  const db = new Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return Number((await db.query('SELECT count(*) AS n FROM process_steps')).rows[0].n);
  } finally {
    await db.end();
  }
}

/** Jobs still in the queue, by state (completed jobs are removed as they complete). */
export async function leftoverJobs(connection: RedisConnection, prefix: string): Promise<Record<string, number>> {
  const queue = new Queue('wfo-steps', { connection, prefix });
  try {
    const counts = await queue.getJobCounts(
      'active',
      'wait',
      'prioritized',
      'delayed',
      'failed',
      'completed',
      'waiting-children',
    );
    return Object.fromEntries(Object.entries(counts).filter(([, n]) => n > 0));
  } finally {
    await queue.close();
  }
}
