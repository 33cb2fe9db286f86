import type { Authorizer } from './authorization';
import { Assignee } from './statuses';
import { checkName, STEP_NAME_LENGTH, type Step } from './step';
import { steps, type StepList } from './step-list';
import { success } from './step-result';

/** One branch of a `parallel` step: its name and its own step list. */
export interface ParallelBranch {
  readonly name: string;
  readonly steps: StepList;
}

/** What makes a step a parallel step: its branches, in the order they were declared. */
export interface ParallelDefinition {
  readonly branches: readonly ParallelBranch[];
}

/**
 * Separates the parts of a branch's workflow key (`<workflow> › <parallel step> › <branch>`), which is also how its
 * BullMQ jobs are named (`… › <step>`). Branch names may not contain it, so a key names one branch only.
 */
export const BRANCH_KEY_SEPARATOR = ' › ';

/**
 * Branches that run at the same time (SPEC §9), each as its own chain of step jobs on any worker. Each branch starts
 * from the state at the fork; at the join the keys each branch added or changed are merged into the state (two
 * branches changing the same key fail this step, naming the key: `joinBranchStates`). A failing branch fails the
 * process at this step once no branch is still running; a retry re-runs only the failed branches, each from its
 * failed step. Input steps are refused inside a branch, and so are nested parallel steps (a `TypeError` here).
 *
 * The step's own `run` only decides that the fork happens (a `conditional` around it may skip it instead); the
 * runtime then forks, checkpoints each branch like a process of its own, and joins (docs/parallel-branches.md).
 */
export function parallel(
  name: string,
  branches: Record<string, Step | StepList>,
  opts: { retryAuthorize?: Authorizer } = {},
): Step {
  checkName(name);
  if (typeof branches !== 'object' || branches === null || Array.isArray(branches)) {
    throw new TypeError(`parallel "${name}" needs its branches as an object: { <branch name>: steps }`);
  }
  const declared = Object.entries(branches);
  if (declared.length === 0) throw new TypeError(`parallel "${name}" needs at least one branch`);
  const list: ParallelBranch[] = declared.map(([branch, body]) => {
    checkBranchName(name, branch);
    const branchSteps = steps(body);
    if (branchSteps.length === 0) throw new TypeError(`parallel "${name}": branch "${branch}" has no steps`);
    for (const s of branchSteps) checkBranchStep(name, branch, s);
    return { name: branch, steps: branchSteps };
  });
  return {
    name,
    kind: 'parallel',
    assignee: Assignee.SYSTEM,
    retryAuthorize: opts.retryAuthorize,
    parallel: { branches: list },
    run: async (state) => success(state),
  };
}

function checkBranchName(parallelName: string, branch: string): void {
  if (branch.trim() === '') throw new TypeError(`parallel "${parallelName}": a branch needs a non-empty name`);
  if (branch.length > STEP_NAME_LENGTH) {
    throw new TypeError(`parallel "${parallelName}": branch name longer than ${STEP_NAME_LENGTH} characters`);
  }
  if (branch.includes(BRANCH_KEY_SEPARATOR)) {
    throw new TypeError(`parallel "${parallelName}": branch "${branch}" may not contain "${BRANCH_KEY_SEPARATOR}"`);
  }
}

/** Input steps wait for a user, which a branch cannot (its process is hidden); nesting is not supported. */
function checkBranchStep(parallelName: string, branch: string, s: Step): void {
  const where = `parallel "${parallelName}": branch "${branch}"`;
  if (s.kind === 'input') {
    throw new TypeError(`${where} contains input step "${s.name}": input steps are not allowed inside a branch`);
  }
  if (s.kind === 'parallel') throw new TypeError(`${where} contains parallel step "${s.name}": they do not nest`);
  for (const sub of s.group?.steps ?? []) checkBranchStep(parallelName, branch, sub);
}
