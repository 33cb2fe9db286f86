/**
 * The compare-and-set token of a process: its flat step position and how often the step there was rescheduled.
 * Every job carries the token it was enqueued for; a checkpoint commits only while the process still has it, so a
 * duplicate or stale delivery commits nothing.
 */
export interface ProcessToken {
  readonly position: number;
  readonly attempt: number;
}

/** BullMQ job id of a step job: deterministic, so enqueueing the same step twice is a no-op (no `:` allowed). */
export function stepJobId(processId: string, token: ProcessToken): string {
  return `${processId}-${token.position}-${token.attempt}`;
}
