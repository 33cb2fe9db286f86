import { Prisma } from '@wfo/db';

/** A `processes` row joined with its workflow, as the read queries select it. Times are epoch seconds. */
export interface ProcessRow {
  readonly process_id: string;
  readonly workflow_id: string;
  readonly workflow_name: string;
  readonly workflow_target: string;
  readonly is_task: boolean;
  readonly created_by: string | null;
  readonly failed_reason: string | null;
  readonly started_at: number;
  readonly last_status: string;
  readonly last_step: string | null;
  readonly assignee: string;
  readonly last_modified_at: number;
  readonly traceback: string | null;
  readonly note: string | null;
}

/**
 * The columns of a `ProcessRow`, over `processes p JOIN workflows w`. Times are converted in SQL: `extract(epoch)`
 * keeps the microseconds that a JavaScript Date would drop, which the list's ETag needs to match orchestrator-core's.
 */
export const PROCESS_COLUMNS = Prisma.sql`
  p.pid::text AS process_id,
  p.workflow_id::text AS workflow_id,
  w.name AS workflow_name,
  w.target AS workflow_target,
  p.is_task,
  p.created_by,
  p.failed_reason,
  extract(epoch FROM p.started_at)::float8 AS started_at,
  p.last_status,
  p.last_step,
  p.assignee,
  extract(epoch FROM p.last_modified_at)::float8 AS last_modified_at,
  p.traceback,
  p.note`;

export const PROCESS_FROM = Prisma.sql`processes p JOIN workflows w ON w.workflow_id = p.workflow_id`;

/**
 * The processes lists and counts leave out: the hidden processes that run the branches of a parallel step (their
 * process's detail shows them, docs/parallel-branches.md). Found through `ix_processes_parent_pid`.
 */
export const BRANCH_PROCESS = Prisma.sql`p.parent_pid IS NOT NULL`;

/** The processes lists and counts show (every process but a branch's). */
export const LISTED_PROCESS = Prisma.sql`p.parent_pid IS NULL`;
