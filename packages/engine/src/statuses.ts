/**
 * The wire strings of orchestrator-core's enums (reference §1.2). They are stored in the database and sent over
 * HTTP exactly as written here.
 */

/** `processes.last_status`. */
export const ProcessStatus = {
  CREATED: 'created',
  RUNNING: 'running',
  SUSPENDED: 'suspended',
  WAITING: 'waiting',
  AWAITING_CALLBACK: 'awaiting_callback',
  ABORTED: 'aborted',
  FAILED: 'failed',
  API_UNAVAILABLE: 'api_unavailable',
  INCONSISTENT_DATA: 'inconsistent_data',
  COMPLETED: 'completed',
  RESUMED: 'resumed',
} as const;
export type ProcessStatus = (typeof ProcessStatus)[keyof typeof ProcessStatus];

/** `process_steps.status`: the outcome of one step. */
export const StepStatus = {
  SUCCESS: 'success',
  SKIPPED: 'skipped',
  SUSPEND: 'suspend',
  WAITING: 'waiting',
  AWAITING_CALLBACK: 'awaiting_callback',
  FAILED: 'failed',
  ABORT: 'abort',
  COMPLETE: 'complete',
} as const;
export type StepStatus = (typeof StepStatus)[keyof typeof StepStatus];

export const Target = {
  CREATE: 'CREATE',
  MODIFY: 'MODIFY',
  TERMINATE: 'TERMINATE',
  SYSTEM: 'SYSTEM',
  VALIDATE: 'VALIDATE',
  RECONCILE: 'RECONCILE',
} as const;
export type Target = (typeof Target)[keyof typeof Target];

/** Who is expected to act on a process (`processes.assignee`). */
export const Assignee = {
  NOC: 'NOC',
  SYSTEM: 'SYSTEM',
  CHANGES: 'CHANGES',
  KLANTSUPPORT: 'KLANTSUPPORT',
} as const;
export type Assignee = (typeof Assignee)[keyof typeof Assignee];

/** The user name used for everything the system does by itself. */
export const SYSTEM_USER = 'SYSTEM';

/**
 * Statuses from which `PUT /api/processes/{id}/resume` may continue a process (reference §1.2), except `resumed`:
 * orchestrator-core lets a stuck `resumed` process be resumed again; in WFO such a process already has its job
 * (the reconciler sees to it), and a second resume would replace the first one's answers without authorization.
 */
export const RESUMABLE_STATUSES: readonly ProcessStatus[] = [
  ProcessStatus.SUSPENDED,
  ProcessStatus.WAITING,
  ProcessStatus.AWAITING_CALLBACK,
  ProcessStatus.FAILED,
  ProcessStatus.API_UNAVAILABLE,
  ProcessStatus.INCONSISTENT_DATA,
];

/** Failed and its task-only subtypes: the statuses a retry starts from. */
export const FAILED_STATUSES: readonly ProcessStatus[] = [
  ProcessStatus.FAILED,
  ProcessStatus.API_UNAVAILABLE,
  ProcessStatus.INCONSISTENT_DATA,
];

/** Statuses in which a process should be moving: a step job must exist for it (the reconciler checks). */
export const MOVING_STATUSES: readonly ProcessStatus[] = [
  ProcessStatus.CREATED,
  ProcessStatus.RUNNING,
  ProcessStatus.RESUMED,
];

export function isResumable(status: ProcessStatus): boolean {
  return RESUMABLE_STATUSES.includes(status);
}

export function isFailedStatus(status: ProcessStatus): boolean {
  return FAILED_STATUSES.includes(status);
}

/**
 * A step row that the recovery counts as done (reference §1.8): everything but the statuses a process stops at.
 */
export function isClearedStepStatus(status: StepStatus): boolean {
  return (
    status !== StepStatus.FAILED &&
    status !== StepStatus.SUSPEND &&
    status !== StepStatus.WAITING &&
    status !== StepStatus.AWAITING_CALLBACK
  );
}
