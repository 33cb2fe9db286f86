import type { PgPool } from '@wfo/db';
import type { ProcessStatus, StepRowWrite } from '@wfo/engine';
import type { ProcessToken } from './process-token';
import type { ProcessWrite } from './process-repository';

/**
 * The step worker's two statements, sent straight through the `pg` pool under Prisma's adapter as named (prepared)
 * statements: Postgres parses and plans each once per connection, and no Prisma runtime sits between the step and
 * its checkpoint (measured: docs/benchmarks.md, docs/adr/0013-step-hot-path.md). Everything else keeps Prisma.
 */

/** The engine lock as of the statement (`engine_settings` has one row). */
export const ENGINE_LOCKED_SQL = '(SELECT global_lock FROM engine_settings LIMIT 1)';

/**
 * The guarded process update both checkpoint statements start with: `$1` pid, `$2`–`$8` the new columns, `$9`–`$11`
 * the token and status the process must still have (the compare-and-set).
 */
const GUARDED_PROCESS_UPDATE = `
    WITH p AS (
      UPDATE processes SET last_step = $2, last_status = $3, assignee = $4, failed_reason = $5, traceback = $6,
             position = $7, attempt = $8, last_modified_at = now()
      WHERE pid = $1::uuid AND position = $9 AND attempt = $10 AND last_status = $11
      RETURNING pid
    )`;

/**
 * What the commit answers besides "committed" (one row) or "superseded" (none): the written row's id and commit
 * time, and the engine lock as of the commit, which is what the next step's job carries (step-snapshot-carry.ts).
 */
const CHECKPOINT_ANSWER = `
    SELECT w.stepid, floor(extract(epoch FROM w.completed_at) * 1000)::float8 AS completed_ms,
           ${ENGINE_LOCKED_SQL} AS engine_locked
    FROM p LEFT JOIN w ON true`;

const INSERT_CHECKPOINT_SQL = `${GUARDED_PROCESS_UPDATE}, w AS (
      INSERT INTO process_steps (pid, name, status, state, created_by, started_at, completed_at, commit_hash)
      SELECT $1::uuid, $12, $13, $14::jsonb, $15, to_timestamp($16), clock_timestamp(), $17::varchar FROM p
      RETURNING stepid, completed_at
    )${CHECKPOINT_ANSWER}`;

const UPDATE_CHECKPOINT_SQL = `${GUARDED_PROCESS_UPDATE}, w AS (
      UPDATE process_steps SET status = $12, state = $13::jsonb, started_at = to_timestamp($14),
             completed_at = clock_timestamp(), commit_hash = COALESCE($16::varchar, commit_hash)
      WHERE stepid = $15::uuid AND EXISTS (SELECT 1 FROM p)
      RETURNING stepid, completed_at
    )${CHECKPOINT_ANSWER}`;

/** A committed checkpoint: the written row's id and commit time (epoch seconds), and the engine lock then. */
export interface CommittedCheckpoint {
  readonly stepId: string;
  readonly completedAt: number;
  readonly engineLocked: boolean;
}

interface CheckpointAnswer {
  stepid: string | null;
  completed_ms: number | null;
  engine_locked: boolean | null;
}

/**
 * The checkpoint of one step through the pool: the step row and the process row in ONE statement, guarded by the
 * compare-and-set on the token and status, exactly as `writeCheckpoint`. `stateJson` is the row's state, serialised
 * (and size-checked) once by the caller. Null when the process moved on meanwhile (nothing written).
 */
export async function commitCheckpointSql(
  pool: PgPool,
  processId: string,
  expected: ProcessToken & { status: ProcessStatus },
  row: StepRowWrite,
  stateJson: string,
  process: ProcessWrite,
): Promise<CommittedCheckpoint | null> {
  const head = [
    processId,
    process.lastStep,
    process.lastStatus,
    process.assignee,
    process.failedReason,
    process.traceback,
    process.position,
    process.attempt,
    expected.position,
    expected.attempt,
    expected.status,
  ];
  const query =
    row.kind === 'insert'
      ? {
          name: 'wfo_checkpoint_insert',
          text: INSERT_CHECKPOINT_SQL,
          values: [...head, row.name, row.status, stateJson, row.createdBy, row.startedAt, row.commitHash ?? null],
        }
      : {
          name: 'wfo_checkpoint_update',
          text: UPDATE_CHECKPOINT_SQL,
          values: [...head, row.status, stateJson, row.startedAt, row.stepId, row.commitHash ?? null],
        };
  const { rows } = await pool.query<CheckpointAnswer>(query);
  const answer = rows[0];
  if (!answer) return null;
  return {
    stepId: answer.stepid ?? '',
    // In milliseconds, as a read through `pg` gives it (a JavaScript Date), so a carried row equals the row read.
    completedAt: (answer.completed_ms ?? 0) / 1000,
    engineLocked: answer.engine_locked ?? false,
  };
}

/** What starting a process needs to know first: the engine lock, and the workflow's row (if registered, not deleted). */
export interface StartGate {
  readonly engineLocked: boolean;
  readonly workflow: { readonly workflowId: string; readonly isTask: boolean } | null;
}

/**
 * The engine lock and the workflow's row in one round trip: why a start was refused (`insertProcessIfOpen` wrote
 * nothing, or the input was refused first: a locked engine answers 503 before anything else).
 */
export async function readStartGate(pool: PgPool, workflowKey: string): Promise<StartGate> {
  const { rows } = await pool.query<{ engine_locked: boolean | null; workflow_id: string | null; is_task: boolean }>({
    name: 'wfo_start_gate',
    text: `SELECT ${ENGINE_LOCKED_SQL} AS engine_locked, w.workflow_id, w.is_task
           FROM (SELECT 1) one LEFT JOIN workflows w ON w.name = $1 AND w.deleted_at IS NULL`,
    values: [workflowKey],
  });
  const row = rows[0];
  return {
    engineLocked: row?.engine_locked ?? false,
    workflow: row?.workflow_id ? { workflowId: row.workflow_id, isTask: row.is_task } : null,
  };
}

/**
 * A new process (`created`, at position 0) and its initial state, in ONE statement (one round trip, one implicit
 * transaction), and only if the start gate is open: the workflow `$2` is registered and not deleted, and the engine
 * is not locked. Answers whether the workflow is a task, or null when nothing was written (`readStartGate` then says
 * why). The gate and the insert are one snapshot, so a lock set meanwhile cannot slip between them.
 */
export async function insertProcessIfOpen(
  pool: PgPool,
  process: { processId: string; workflowKey: string; user: string; initialStateJson: string },
): Promise<{ readonly isTask: boolean } | null> {
  const { rows } = await pool.query<{ is_task: boolean }>({
    name: 'wfo_insert_process',
    text: `WITH gate AS (
             SELECT w.workflow_id, w.is_task FROM workflows w
             WHERE w.name = $2 AND w.deleted_at IS NULL
               AND NOT COALESCE(${ENGINE_LOCKED_SQL}, false)
           ), p AS (
             INSERT INTO processes (pid, workflow_id, last_status, created_by, acting_user, is_task)
             SELECT $1::uuid, workflow_id, 'created', $3, $3, is_task FROM gate RETURNING pid, is_task
           ), i AS (
             INSERT INTO input_states (pid, input_type, input_state) SELECT pid, 'initial_state', $4::jsonb FROM p
           )
           SELECT is_task FROM p`,
    values: [process.processId, process.workflowKey, process.user, process.initialStateJson],
  });
  const row = rows[0];
  return row ? { isTask: row.is_task } : null;
}

/** One step's checkpoint, as `commitCheckpointSql` takes it. */
export interface CheckpointWrite {
  readonly processId: string;
  readonly expected: ProcessToken & { status: ProcessStatus };
  readonly row: StepRowWrite & { kind: 'insert' };
  readonly stateJson: string;
  readonly process: ProcessWrite;
}

/**
 * One checkpoint as a JSON object of the batch's single parameter: its state spliced in as the JSON text it already
 * is (serialised and size-checked once by the caller), so no value is escaped again into an array literal.
 */
function batchRecordJson(w: CheckpointWrite): string {
  const record = {
    pid: w.processId,
    last_step: w.process.lastStep,
    last_status: w.process.lastStatus,
    assignee: w.process.assignee,
    failed_reason: w.process.failedReason,
    traceback: w.process.traceback,
    position: w.process.position,
    attempt: w.process.attempt,
    expected_position: w.expected.position,
    expected_attempt: w.expected.attempt,
    expected_status: w.expected.status,
    name: w.row.name,
    status: w.row.status,
    created_by: w.row.createdBy,
    started_at: w.row.startedAt,
    commit_hash: w.row.commitHash ?? null,
  };
  return `${JSON.stringify(record).slice(0, -1)},"state":${w.stateJson}}`;
}

/**
 * Several steps' checkpoints (of distinct processes, each inserting its row) in ONE statement: the same
 * compare-and-set per process as `commitCheckpointSql`, over the records of one JSON parameter, so steps that finish
 * together share one round trip and one commit (group commit, docs/adr/0013-step-hot-path.md). Answers per write, in
 * order: what it committed, or null when its process moved on (nothing written for it).
 */
export async function commitCheckpointsSql(
  pool: PgPool,
  writes: readonly CheckpointWrite[],
): Promise<Array<CommittedCheckpoint | null>> {
  const { rows } = await pool.query<CheckpointAnswer & { pid: string }>({
    name: 'wfo_checkpoint_batch_json',
    text: `
    WITH i AS (
      SELECT * FROM jsonb_to_recordset($1::jsonb)
        AS i(pid uuid, last_step text, last_status text, assignee text, failed_reason text, traceback text,
             position int, attempt int, expected_position int, expected_attempt int, expected_status text, name text,
             status text, state jsonb, created_by text, started_at float8, commit_hash text)
    ), p AS (
      UPDATE processes pr SET last_step = i.last_step, last_status = i.last_status, assignee = i.assignee,
             failed_reason = i.failed_reason, traceback = i.traceback, position = i.position, attempt = i.attempt,
             last_modified_at = now()
      FROM i
      WHERE pr.pid = i.pid AND pr.position = i.expected_position AND pr.attempt = i.expected_attempt
        AND pr.last_status = i.expected_status
      RETURNING pr.pid
    ), w AS (
      INSERT INTO process_steps (pid, name, status, state, created_by, started_at, completed_at, commit_hash)
      SELECT i.pid, i.name, i.status, i.state, i.created_by, to_timestamp(i.started_at), clock_timestamp(),
             i.commit_hash
      FROM i JOIN p ON p.pid = i.pid
      RETURNING pid, stepid, completed_at
    )
    SELECT w.pid::text AS pid, w.stepid, floor(extract(epoch FROM w.completed_at) * 1000)::float8 AS completed_ms,
           ${ENGINE_LOCKED_SQL} AS engine_locked
    FROM w`,
    values: [`[${writes.map(batchRecordJson).join(',')}]`],
  });
  const byPid = new Map(rows.map((r) => [r.pid, r]));
  return writes.map((w) => {
    const answer = byPid.get(w.processId.toLowerCase());
    if (!answer) return null;
    return {
      stepId: answer.stepid ?? '',
      completedAt: (answer.completed_ms ?? 0) / 1000,
      engineLocked: answer.engine_locked ?? false,
    };
  });
}
