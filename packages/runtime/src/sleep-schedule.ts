import type { Checkpoint, StepPlan } from '@wfo/engine';
import type { ProcessToken } from './process-token';

/**
 * Whether a step's checkpoint must move the process to a fresh attempt: when it runs another entry than the job's
 * own (a retry restarting a step group, a process placed by name after a deploy), and for a sleep step, whose next
 * job is the same step again: the delayed job must never carry the id of the job still running.
 */
export function needsFreshAttempt(plan: Exclude<StepPlan, { kind: 'idle' }>, token: ProcessToken): boolean {
  if (plan.kind === 'definition-changed') return false;
  return plan.entry.index !== token.position || plan.entry.step.kind === 'sleep';
}

/** How much later the next job runs: until a sleeping step's checkpointed wake time, else at once. */
export function wakeDelayMs(checkpoint: Checkpoint, nowMs: number): number | undefined {
  if (checkpoint.wakeAt === undefined) return undefined;
  return Math.max(0, Math.ceil(checkpoint.wakeAt * 1000 - nowMs));
}
