import { Prisma, type PrismaClient } from '@wfo/db';
import {
  branchWorkflowKey,
  firstFormPage,
  parallelStepsOf,
  pendingForm,
  recover,
  steps,
  SYSTEM_USER,
  workflow as defineWorkflow,
  type Logger,
  type Recovery,
  type StepRowRecord,
  type StepStatus,
  type Workflow,
} from '@wfo/engine';
import type { ProcessBranchJson, ProcessJson } from '../schemas/process-schema';
import { groupBy } from '../group-by';
import { toProcessJson, type ProcessDetails } from './process-json';
import { PROCESS_COLUMNS, PROCESS_FROM, type ProcessRow } from './process-row';
import { processStepsView, type StepRow } from './process-steps-view';
import { subscriptionsByProcess } from './subscriptions-by-process';

/**
 * Stands in for a workflow that is no longer in the registry (orchestrator-core's `removed_workflow`): it has no
 * steps, so the process still shows, with its log and state but nothing pending.
 */
const REMOVED_WORKFLOW = defineWorkflow({ key: 'removed_workflow', description: 'Removed workflow' }, steps());

/** `GET /api/processes/{id}`: the process with its steps, current state and pending form; `null` if unknown. */
export async function loadProcessDetail(
  prisma: PrismaClient,
  workflows: ReadonlyMap<string, Workflow>,
  logger: Logger,
  processId: string,
): Promise<ProcessJson | null> {
  const [processRows, subscriptions] = await Promise.all([
    prisma.$queryRaw<BranchProcessRow[]>(
      Prisma.sql`SELECT ${PROCESS_COLUMNS}, p.parallel_step, p.branch
                   FROM ${PROCESS_FROM} WHERE p.pid = ${processId}::uuid`,
    ),
    subscriptionsByProcess(prisma, [processId]),
  ]);
  const row = processRows[0];
  if (!row) return null;
  // The rows are read after the process row, never beside it: a checkpoint commits a row and the process row
  // together, so the rows then include every row the process row's status implies (read in parallel, a process
  // could show `completed` without its last row while the steps follow each other quickly).
  const stepRows = await stepRowsByProcess(prisma, [processId]);
  const { definition, details } = describeProcess(
    workflows,
    logger,
    row,
    stepRows.get(processId) ?? [],
    definitionKeyOf(row),
  );
  const json = toProcessJson(row, subscriptions.get(processId) ?? [], details);
  if (parallelStepsOf(definition).length === 0) return json;
  return { ...json, branches: await loadBranchDetails(prisma, workflows, logger, definition, processId) };
}

/** A process row with the branch columns (set only on the hidden process of a parallel step's branch). */
interface BranchProcessRow extends ProcessRow {
  readonly parallel_step: string | null;
  readonly branch: string | null;
}

/** The registry key of the workflow a process runs: a branch's own (`<workflow> › <parallel> › <branch>`). */
function definitionKeyOf(row: BranchProcessRow): string {
  return row.parallel_step !== null && row.branch !== null
    ? branchWorkflowKey(row.workflow_name, row.parallel_step, row.branch)
    : row.workflow_name;
}

/**
 * The branches of a process's parallel steps, by parallel step: each branch's hidden process with its status and
 * its steps as a process detail shows them (logged rows, then pending steps). Two queries whatever the branches.
 */
async function loadBranchDetails(
  prisma: PrismaClient,
  workflows: ReadonlyMap<string, Workflow>,
  logger: Logger,
  definition: Workflow,
  processId: string,
): Promise<Record<string, ProcessBranchJson[]>> {
  const rows = await prisma.$queryRaw<BranchProcessRow[]>(
    Prisma.sql`SELECT ${PROCESS_COLUMNS}, p.parallel_step, p.branch
                 FROM ${PROCESS_FROM} WHERE p.parent_pid = ${processId}::uuid ORDER BY p.started_at, p.pid`,
  );
  const stepRows = await stepRowsByProcess(
    prisma,
    rows.map((r) => r.process_id),
  );
  const byStep: Record<string, ProcessBranchJson[]> = {};
  for (const row of rows) {
    if (row.parallel_step === null || row.branch === null) continue;
    const { details } = describeProcess(
      workflows,
      logger,
      row,
      stepRows.get(row.process_id) ?? [],
      definitionKeyOf(row),
    );
    (byStep[row.parallel_step] ??= []).push({
      branch: row.branch,
      process_id: row.process_id,
      last_status: row.last_status as ProcessBranchJson['last_status'],
      last_step: row.last_step,
      failed_reason: row.failed_reason,
      started_at: row.started_at,
      last_modified_at: row.last_modified_at,
      current_state: details.current_state,
      steps: details.steps ?? [],
    });
  }
  // Branches forked together start at the same time: show them in the order the definition declares them.
  for (const parallelStep of parallelStepsOf(definition)) {
    const declared = parallelStep.parallel!.branches.map((b) => b.name);
    byStep[parallelStep.name]?.sort((a, b) => declared.indexOf(a.branch) - declared.indexOf(b.branch));
  }
  return byStep;
}

/** The step rows of some processes, oldest first, by process id: one query whatever the number of processes. */
export async function stepRowsByProcess(
  prisma: PrismaClient,
  processIds: readonly string[],
): Promise<Map<string, StepRow[]>> {
  if (processIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<Array<StepRow & { pid: string }>>(Prisma.sql`
    SELECT pid::text AS pid, stepid::text AS stepid, name, status, state, created_by,
           extract(epoch FROM started_at)::float8 AS started_at,
           extract(epoch FROM completed_at)::float8 AS completed_at,
           commit_hash
      FROM process_steps
     WHERE pid = ANY(${[...processIds]}::uuid[])
     ORDER BY pid, completed_at, started_at`);
  return groupBy(
    rows,
    (row) => row.pid,
    ({ pid: _pid, ...row }) => row,
  );
}

/** What a process's step rows say: its definition, where it stands, and the detail-only fields. */
export interface ProcessDescription {
  readonly definition: Workflow;
  readonly recovery: Recovery;
  readonly details: ProcessDetails;
}

/** Recovers a process from its step rows (a removed workflow shows its log and state, with nothing pending). */
export function describeProcess(
  workflows: ReadonlyMap<string, Workflow>,
  logger: Logger,
  row: ProcessRow,
  stepRows: readonly StepRow[],
  definitionKey: string = row.workflow_name,
): ProcessDescription {
  const definition = workflows.get(definitionKey) ?? REMOVED_WORKFLOW;
  const recovery = recover(definition, stepRows.map(toStepRowRecord));
  return {
    definition,
    recovery,
    details: {
      current_state: recovery.result.state,
      steps: processStepsView(stepRows, recovery),
      form: pendingFormSchema(definition, recovery, logger, row.process_id),
    },
  };
}

function toStepRowRecord(row: StepRow): StepRowRecord {
  return {
    stepId: row.stepid,
    name: row.name,
    status: row.status as StepStatus,
    state: row.state,
    createdBy: row.created_by ?? SYSTEM_USER,
    startedAt: row.started_at,
    completedAt: row.completed_at,
  };
}

/**
 * The first page of the form the process waits for, generated against its current state. A form that cannot be
 * generated (its generator throws on this state) must not make the process unreadable: it shows without a form.
 */
function pendingFormSchema(
  definition: Workflow,
  recovery: Recovery,
  logger: Logger,
  processId: string,
): Record<string, unknown> | null {
  const form = pendingForm(definition, recovery);
  if (!form) return null;
  try {
    return firstFormPage(form, recovery.result.state);
  } catch (err) {
    logger.warn('Could not generate the pending form of a process', {
      processId,
      error: err instanceof Error ? err.message : String(err),
    });
    return null;
  }
}
