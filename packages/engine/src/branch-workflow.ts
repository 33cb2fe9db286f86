import { BRANCH_KEY_SEPARATOR, type ParallelBranch } from './parallel-step';
import type { Step } from './step';
import type { Workflow } from './workflow';

/** The workflow key of one branch: `<workflow> › <parallel step> › <branch>` (its jobs add `› <step>`). */
export function branchWorkflowKey(workflowKey: string, parallelStep: string, branch: string): string {
  return [workflowKey, parallelStep, branch].join(BRANCH_KEY_SEPARATOR);
}

/** The parallel steps of a workflow (top-level steps only: groups and branches cannot hold one). */
export function parallelStepsOf(workflow: Workflow): Step[] {
  return workflow.steps.steps.filter((s) => s.parallel !== undefined);
}

const branchWorkflows = new WeakMap<Workflow, Map<string, Workflow>>();

/**
 * The workflow one branch runs as: the branch's steps, under the parent's target, task flag and authorizers (the
 * parallel step's `retryAuthorize` first). One object per branch and parent, so per-workflow caches (the plan, the
 * definition hash) work for it as for any workflow.
 */
export function branchWorkflowOf(parent: Workflow, parallelStep: Step, branch: ParallelBranch): Workflow {
  let byKey = branchWorkflows.get(parent);
  if (!byKey) {
    byKey = new Map();
    branchWorkflows.set(parent, byKey);
  }
  const key = branchWorkflowKey(parent.key, parallelStep.name, branch.name);
  const cached = byKey.get(key);
  if (cached) return cached;
  const made: Workflow = Object.freeze({
    key,
    description: `${parent.description}${BRANCH_KEY_SEPARATOR}${parallelStep.name}${BRANCH_KEY_SEPARATOR}${branch.name}`,
    target: parent.target,
    isTask: parent.isTask,
    initialInputForm: parent.initialInputForm,
    steps: branch.steps,
    authorize: parent.authorize,
    retryAuthorize: parallelStep.retryAuthorize ?? parent.retryAuthorize,
    branchOf: { workflowKey: parent.key, parallelStep: parallelStep.name, branch: branch.name },
  });
  byKey.set(key, made);
  return made;
}

/**
 * The branch workflow a key names, found through its parent (`lookup` finds registered workflows by key), or
 * undefined when the parent, its parallel step or the branch is gone. Workflow keys cannot contain the separator,
 * nor can branch names, so the first separator ends the parent's key and the rest names one branch.
 */
export function resolveBranchWorkflow(
  lookup: (key: string) => Workflow | undefined,
  key: string,
): Workflow | undefined {
  const at = key.indexOf(BRANCH_KEY_SEPARATOR);
  if (at < 0) return undefined;
  const parent = lookup(key.slice(0, at));
  if (!parent) return undefined;
  const rest = key.slice(at + BRANCH_KEY_SEPARATOR.length);
  for (const s of parallelStepsOf(parent)) {
    for (const branch of s.parallel!.branches) {
      if (`${s.name}${BRANCH_KEY_SEPARATOR}${branch.name}` === rest) return branchWorkflowOf(parent, s, branch);
    }
  }
  return undefined;
}
