import { Prisma, type PgPool, type PrismaClient } from '@wfo/db';
import type {
  ProcessSnapshot,
  ProcessStatus,
  State,
  StepRowRecord,
  StepRowWrite,
  ProcessStepUpdate,
} from '@wfo/engine';
import type { ProcessToken } from './process-token';
import { DEFAULT_STATE_SIZE_LIMITS, stateJsonWithinLimits, type StateSizePolicy } from './state-size-limit';
import { ENGINE_LOCKED_SQL } from './step-sql';

type Sql = Prisma.Sql;
const sqlOf = (strings: TemplateStringsArray, ...values: unknown[]): Sql => Prisma.sql(strings, ...values);
type Db = Pick<PrismaClient, '$queryRaw' | '$executeRaw'>;

/** A stored process as the step worker reads it: the engine's snapshot plus what the shell needs. */
export interface StoredSnapshot extends ProcessSnapshot {
  readonly attempt: number;
  readonly engineLocked: boolean;
  readonly failedReason: string | null;
}

interface SnapshotRow {
  pid: string;
  workflow_key: string;
  is_task: boolean;
  last_status: string;
  position: number;
  attempt: number;
  acting_user: string | null;
  created_by: string | null;
  failed_reason: string | null;
  engine_locked: boolean | null;
  lr_stepid: string | null;
  lr_name: string | null;
  lr_status: string | null;
  lr_state: State | null;
  lr_created_by: string | null;
  lr_started_at: Date | null;
  lr_completed_at: Date | null;
  lc_stepid: string | null;
  lc_name: string | null;
  lc_status: string | null;
  lc_state: State | null;
  lc_created_by: string | null;
  lc_started_at: Date | null;
  lc_completed_at: Date | null;
  initial_state: State | null;
  user_input: State | null;
}

const toSeconds = (d: Date): number => d.getTime() / 1000;

function rowRecord(row: SnapshotRow, prefix: 'lr' | 'lc'): StepRowRecord | null {
  const id = row[`${prefix}_stepid`];
  if (!id) return null;
  return {
    stepId: id,
    name: row[`${prefix}_name`]!,
    status: row[`${prefix}_status`] as StepRowRecord['status'],
    state: row[`${prefix}_state`] ?? {},
    createdBy: row[`${prefix}_created_by`] ?? 'SYSTEM',
    startedAt: toSeconds(row[`${prefix}_started_at`]!),
    completedAt: toSeconds(row[`${prefix}_completed_at`]!),
  };
}

/**
 * The workflow key of a process `p` over its `workflows` row `w`: the workflow's name, or for the hidden process of
 * a parallel step's branch `<workflow> › <parallel step> › <branch>`, which the registry resolves to the branch's
 * workflow (the concatenation is NULL for every other process).
 */
export const WORKFLOW_KEY_SQL = `COALESCE(w.name || ' › ' || p.parallel_step || ' › ' || p.branch, w.name)`;

/**
 * Everything the step worker needs in one round trip: the process row, its newest and newest cleared step rows,
 * the engine lock, and the initial state or user input only when the engine will need them. `$1` the process id.
 */
export const SNAPSHOT_SQL = `
    SELECT p.pid, ${WORKFLOW_KEY_SQL} AS workflow_key, p.is_task, p.last_status, p.position, p.attempt, p.acting_user, p.created_by,
           p.failed_reason,
           ${ENGINE_LOCKED_SQL} AS engine_locked,
           lr.stepid AS lr_stepid, lr.name AS lr_name, lr.status AS lr_status, lr.state AS lr_state,
           lr.created_by AS lr_created_by, lr.started_at AS lr_started_at, lr.completed_at AS lr_completed_at,
           lc.stepid AS lc_stepid, lc.name AS lc_name, lc.status AS lc_status,
           -- Usually the newest row is the newest cleared one: send its state once.
           CASE WHEN lc.stepid IS DISTINCT FROM lr.stepid THEN lc.state END AS lc_state,
           lc.created_by AS lc_created_by, lc.started_at AS lc_started_at, lc.completed_at AS lc_completed_at,
           CASE WHEN lc.stepid IS NULL THEN (
             SELECT i.input_state FROM input_states i
             WHERE i.pid = p.pid AND i.input_type = 'initial_state' ORDER BY i.input_time DESC LIMIT 1
           ) END AS initial_state,
           CASE WHEN lr.status = 'suspend' THEN (
             SELECT i.input_state FROM input_states i
             WHERE i.pid = p.pid AND i.input_type = 'user_input' ORDER BY i.input_time DESC LIMIT 1
           ) END AS user_input
    FROM processes p
    JOIN workflows w ON w.workflow_id = p.workflow_id
    LEFT JOIN LATERAL (
      SELECT * FROM process_steps s WHERE s.pid = p.pid ORDER BY s.completed_at DESC LIMIT 1
    ) lr ON true
    LEFT JOIN LATERAL (
      SELECT * FROM process_steps s
      WHERE s.pid = p.pid AND s.status NOT IN ('failed', 'suspend', 'waiting', 'awaiting_callback')
      ORDER BY s.completed_at DESC LIMIT 1
    ) lc ON true
    WHERE p.pid = $1::uuid`;

function snapshotOf(row: SnapshotRow | undefined): StoredSnapshot | null {
  if (!row) return null;
  const lastRow = rowRecord(row, 'lr');
  return {
    processId: row.pid,
    workflowKey: row.workflow_key,
    isTask: row.is_task,
    status: row.last_status as ProcessStatus,
    position: row.position,
    attempt: row.attempt,
    actingUser: row.acting_user ?? row.created_by ?? 'SYSTEM',
    lastRow,
    lastClearedRow: row.lc_stepid !== null && row.lc_stepid === row.lr_stepid ? lastRow : rowRecord(row, 'lc'),
    initialState: row.initial_state ?? {},
    userInput: row.user_input,
    engineLocked: row.engine_locked ?? false,
    failedReason: row.failed_reason,
  };
}

/** A process's snapshot (see `SNAPSHOT_SQL`), through Prisma. */
export async function loadSnapshot(
  db: Pick<PrismaClient, '$queryRawUnsafe'>,
  processId: string,
): Promise<StoredSnapshot | null> {
  const rows = await db.$queryRawUnsafe<SnapshotRow[]>(SNAPSHOT_SQL, processId);
  return snapshotOf(rows[0]);
}

/** The same through the `pg` pool, as a prepared statement: the step worker's read (docs/adr/0013-step-hot-path.md). */
export async function loadSnapshotSql(pool: PgPool, processId: string): Promise<StoredSnapshot | null> {
  const { rows } = await pool.query<SnapshotRow>({ name: 'wfo_snapshot', text: SNAPSHOT_SQL, values: [processId] });
  return snapshotOf(rows[0]);
}

/** All step rows of a process, oldest first. */
export async function loadStepRows(db: Db, processId: string): Promise<StepRowRecord[]> {
  const rows = await db.$queryRaw<
    Array<{
      stepid: string;
      name: string;
      status: string;
      state: State;
      created_by: string | null;
      started_at: Date;
      completed_at: Date;
    }>
  >`SELECT stepid, name, status, state, created_by, started_at, completed_at
    FROM process_steps WHERE pid = ${processId}::uuid ORDER BY completed_at`;
  return rows.map((r) => ({
    stepId: r.stepid,
    name: r.name,
    status: r.status as StepRowRecord['status'],
    state: r.state,
    createdBy: r.created_by ?? 'SYSTEM',
    startedAt: toSeconds(r.started_at),
    completedAt: toSeconds(r.completed_at),
  }));
}

/**
 * The statement moving a process to `running` before its step runs: `$1` pid, `$2` position, `$3` attempt, `$4` the
 * status it must still have, `$5` the acting user (null: unchanged). One text for both paths below.
 */
const MARK_RUNNING_SQL = `
    UPDATE processes SET last_status = 'running', last_modified_at = now(),
           acting_user = COALESCE($5::varchar, acting_user)
    WHERE pid = $1::uuid AND position = $2 AND attempt = $3 AND last_status = $4`;

/**
 * Move the process into `running` before its step runs, if it still has this token and status
 * (created, resumed, or failed/waiting for a retry from the dashboard or the backoff).
 */
export async function markRunning(
  db: Pick<PrismaClient, '$executeRawUnsafe'> | PgPool,
  processId: string,
  token: ProcessToken,
  fromStatus: ProcessStatus,
  actingUser?: string,
): Promise<boolean> {
  const values = [processId, token.position, token.attempt, fromStatus, actingUser ?? null];
  // Through the `pg` pool (the step worker's path, ADR 0013) as a prepared statement; else through Prisma.
  if ('query' in db)
    return (await db.query({ name: 'wfo_mark_running', text: MARK_RUNNING_SQL, values })).rowCount === 1;
  return (await db.$executeRawUnsafe(MARK_RUNNING_SQL, ...values)) === 1;
}

/** The SQL writing one step row, given the CTE `p` that guards it (it writes only when `p` returned a row). */
function rowWriteSql(processId: string, row: StepRowWrite, stateSize: StateSizePolicy): Sql {
  const state = stateJsonWithinLimits(row.state, stateSize, {
    processId,
    ...(row.kind === 'insert' ? { stepName: row.name } : {}),
  });
  if (row.kind === 'insert') {
    return sqlOf`INSERT INTO process_steps (pid, name, status, state, created_by, started_at, completed_at, commit_hash)
      SELECT ${processId}::uuid, ${row.name}, ${row.status}, ${state}::jsonb, ${row.createdBy},
             to_timestamp(${row.startedAt}), clock_timestamp(), ${row.commitHash ?? null}::varchar
      FROM p`;
  }
  return sqlOf`UPDATE process_steps SET status = ${row.status}, state = ${state}::jsonb,
      started_at = to_timestamp(${row.startedAt}), completed_at = clock_timestamp(),
      commit_hash = COALESCE(${row.commitHash ?? null}::varchar, commit_hash)
    WHERE stepid = ${row.stepId}::uuid AND EXISTS (SELECT 1 FROM p)`;
}

export interface ProcessWrite extends ProcessStepUpdate {
  readonly position: number;
  readonly attempt: number;
}

/**
 * The checkpoint: the step row and the process row in ONE statement, guarded by a compare-and-set on the
 * process's token and status. Returns false (and writes nothing) when the process moved on meanwhile.
 * @throws StateTooLargeError when the row's state is over `stateSize.maxBytes` (nothing written)
 */
export async function writeCheckpoint(
  db: Db,
  processId: string,
  expected: ProcessToken & { status: ProcessStatus },
  row: StepRowWrite,
  process: ProcessWrite,
  stateSize: StateSizePolicy = DEFAULT_STATE_SIZE_LIMITS,
): Promise<boolean> {
  const count = await db.$executeRaw`
    WITH p AS (
      UPDATE processes SET last_step = ${process.lastStep}, last_status = ${process.lastStatus},
             assignee = ${process.assignee}, failed_reason = ${process.failedReason},
             traceback = ${process.traceback}, position = ${process.position}, attempt = ${process.attempt},
             last_modified_at = now()
      WHERE pid = ${processId}::uuid AND position = ${expected.position} AND attempt = ${expected.attempt}
        AND last_status = ${expected.status}
      RETURNING pid
    ), w AS (${rowWriteSql(processId, row, stateSize)} RETURNING 1)
    SELECT 1 FROM p`;
  return count === 1;
}

/** Replace the state of a step row (callback result and progress), guarded like a checkpoint. */
export async function replaceRowState(
  db: Db,
  processId: string,
  stepId: string,
  state: State,
  guard: { status: ProcessStatus; attempt: number; newStatus?: ProcessStatus; newAttempt?: number },
): Promise<boolean> {
  const count = await db.$executeRaw`
    WITH p AS (
      UPDATE processes SET last_status = ${guard.newStatus ?? guard.status}, attempt = ${guard.newAttempt ?? guard.attempt},
             last_modified_at = now()
      WHERE pid = ${processId}::uuid AND last_status = ${guard.status} AND attempt = ${guard.attempt}
      RETURNING pid
    ), w AS (
      UPDATE process_steps SET state = ${JSON.stringify(state)}::jsonb
      WHERE stepid = ${stepId}::uuid AND EXISTS (SELECT 1 FROM p) RETURNING 1
    )
    SELECT 1 FROM p`;
  return count === 1;
}

/**
 * The last resort when not even a failed step row can be stored: the process row alone says the process failed
 * (`last_step` "Unknown", orchestrator-core's fallback), guarded like a checkpoint.
 */
export async function markProcessFailed(
  db: Db,
  processId: string,
  expected: ProcessToken & { status: ProcessStatus },
  err: unknown,
): Promise<boolean> {
  const message = err instanceof Error ? err.message : String(err);
  // What Postgres refused may be in the message too: keep it storable.
  const reason = message.split(String.fromCharCode(0)).join('').slice(0, 10_000);
  const count = await db.$executeRaw`
    UPDATE processes SET last_step = 'Unknown', last_status = 'failed', failed_reason = ${reason}, traceback = NULL,
           last_modified_at = now()
    WHERE pid = ${processId}::uuid AND position = ${expected.position} AND attempt = ${expected.attempt}
      AND last_status = ${expected.status}`;
  return count === 1;
}

/**
 * A waiting process whose retry job is gone (Redis lost it) is resumed by the system, as orchestrator-core's resume
 * task does: `resumed` under a fresh attempt, so its new job is a retry like any other. False if it moved on.
 */
export async function resumeWaiting(db: Db, processId: string, token: ProcessToken): Promise<boolean> {
  const count = await db.$executeRaw`
    UPDATE processes SET last_status = 'resumed', attempt = attempt + 1, acting_user = 'SYSTEM', last_modified_at = now()
    WHERE pid = ${processId}::uuid AND position = ${token.position} AND attempt = ${token.attempt}
      AND last_status = 'waiting'`;
  return count === 1;
}

/**
 * Resume or retry: the process becomes `resumed` under a fresh attempt and the user's input is stored, in one
 * statement guarded like a checkpoint, so a refused (stale) resume stores nothing either.
 */
export async function markResumed(
  db: Db,
  processId: string,
  expected: ProcessToken & { status: ProcessStatus },
  user: string,
  userInput: State,
): Promise<boolean> {
  const count = await db.$executeRaw`
    WITH p AS (
      UPDATE processes SET last_status = 'resumed', attempt = attempt + 1, acting_user = ${user}, last_modified_at = now()
      WHERE pid = ${processId}::uuid AND position = ${expected.position} AND attempt = ${expected.attempt}
        AND last_status = ${expected.status}
      RETURNING pid
    )
    INSERT INTO input_states (pid, input_state, input_type) SELECT pid, ${JSON.stringify(userInput)}::jsonb, 'user_input' FROM p`;
  return count === 1;
}

/**
 * How many times a retry step failed since the process last moved on: its waiting rows (with their de-duplicated
 * retries) after the newest cleared row of an earlier step (`rowName` is the step's row name: inside a step group,
 * the group's own row is cleared between its sub-steps and must not count as moving on).
 */
export async function countWaitingAttempts(db: Db, processId: string, rowName: string): Promise<number> {
  const [row] = await db.$queryRaw<Array<{ attempts: number }>>`
    SELECT COALESCE(SUM(1 + COALESCE((s.state ->> 'retries')::int, 0)), 0)::int AS attempts FROM process_steps s
    WHERE s.pid = ${processId}::uuid AND s.status = 'waiting'
      AND s.completed_at > COALESCE((
        SELECT max(c.completed_at) FROM process_steps c
        WHERE c.pid = ${processId}::uuid AND c.name <> ${rowName}
          AND c.status NOT IN ('failed', 'suspend', 'waiting', 'awaiting_callback')
      ), '-infinity')`;
  return row?.attempts ?? 0;
}
