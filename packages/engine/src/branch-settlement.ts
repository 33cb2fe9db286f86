import { joinBranchStates } from './branch-join';
import type { State } from './state';
import { FAILED_STATUSES, ProcessStatus } from './statuses';
import type { Step } from './step';
import { failed, success, type StepResult } from './step-result';

/** Where one branch of a parallel step stands: its process's status, and its state when it completed. */
export interface BranchProgress {
  readonly branch: string;
  readonly status: ProcessStatus;
  /** The branch's current state (its newest cleared step row; the fork state before its first step). */
  readonly state: State;
  readonly failedReason: string | null;
  readonly lastStep: string | null;
}

/**
 * What the parallel step's row becomes once every branch stopped: the joined state (`success`), or `failed` naming
 * the branches that failed (or the key two branches both changed). `running` while any branch still runs (or waits
 * for a callback, a retry or its wake time).
 */
export type BranchSettlement =
  | { readonly kind: 'running'; readonly running: readonly string[] }
  | { readonly kind: 'settled'; readonly result: StepResult };

/** Statuses in which a branch no longer moves by itself. */
export function isStoppedBranchStatus(status: ProcessStatus): boolean {
  return status === ProcessStatus.COMPLETED || status === ProcessStatus.ABORTED || FAILED_STATUSES.includes(status);
}

/** Decide the parallel step's outcome from its branches' progress (SPEC §9). Pure. */
export function settleBranches(step: Step, fork: State, progress: readonly BranchProgress[]): BranchSettlement {
  const declared = step.parallel?.branches.map((b) => b.name) ?? [];
  // In declaration order, so a conflict and a failure name the branches the same way every time.
  const ordered = [...progress].sort((a, b) => declared.indexOf(a.branch) - declared.indexOf(b.branch));
  const running = ordered.filter((p) => !isStoppedBranchStatus(p.status)).map((p) => p.branch);
  if (running.length > 0) return { kind: 'running', running };
  const stopped = ordered.filter((p) => p.status !== ProcessStatus.COMPLETED);
  if (stopped.length > 0) {
    const reasons = stopped.map((p) => {
      const at = p.lastStep ? ` at step "${p.lastStep}"` : '';
      const why = p.status === ProcessStatus.ABORTED ? 'was aborted' : `failed${at}: ${p.failedReason ?? p.status}`;
      return `branch "${p.branch}" ${why}`;
    });
    return {
      kind: 'settled',
      result: failed({
        class: 'ParallelBranchError',
        error: `Parallel step "${step.name}": ${reasons.join('; ')}`,
        failed_branches: stopped.map((p) => p.branch),
      }),
    };
  }
  const join = joinBranchStates(
    step.name,
    fork,
    ordered.map((p) => ({ name: p.branch, state: p.state })),
  );
  if (join.kind === 'conflict') {
    return { kind: 'settled', result: failed({ class: 'ParallelBranchConflictError', error: join.message }) };
  }
  return { kind: 'settled', result: success(join.state) };
}
