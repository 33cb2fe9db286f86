import type { Step } from './step';
import type { Workflow } from './workflow';

/**
 * A workflow laid out flat: one entry per unit of execution (one job each). A step group contributes its
 * sub-steps, "<name> - Enter" first and "<name> - Exit" last. A process's `position` indexes this list.
 */
export interface PlanEntry {
  /** Flat index: the process's `position` while this step is next or current. */
  readonly index: number;
  /** The leaf step to execute. */
  readonly step: Step;
  /** Index of the top-level step (a group counts once), as in orchestrator-core's positional recovery. */
  readonly top: number;
  /** Set for the sub-steps of a step group. */
  readonly group?: PlanGroup;
}

export interface PlanGroup {
  readonly step: Step;
  /** Flat indexes of its first ("Enter") and last ("Exit") sub-step. */
  readonly start: number;
  readonly end: number;
}

export interface WorkflowPlan {
  readonly entries: readonly PlanEntry[];
  /** Flat index of each top-level step's first entry. */
  readonly topStart: readonly number[];
}

const plans = new WeakMap<Workflow, WorkflowPlan>();

export function planOf(workflow: Workflow): WorkflowPlan {
  const cached = plans.get(workflow);
  if (cached) return cached;
  const entries: PlanEntry[] = [];
  const topStart: number[] = [];
  workflow.steps.steps.forEach((topStep, top) => {
    topStart.push(entries.length);
    if (!topStep.group) {
      entries.push({ index: entries.length, step: topStep, top });
      return;
    }
    const start = entries.length;
    const group: PlanGroup = { step: topStep, start, end: start + topStep.group.steps.length - 1 };
    for (const sub of topStep.group.steps) entries.push({ index: entries.length, step: sub, top, group });
  });
  const plan = { entries, topStart };
  plans.set(workflow, plan);
  return plan;
}

/** Flat index of the first entry of top-level step `top` (the end of the plan when past the last step). */
export function flatIndexOfTop(plan: WorkflowPlan, top: number): number {
  return plan.topStart[top] ?? plan.entries.length;
}

/** The name a step row gets for this entry: the group's name inside a group. */
export function rowNameOf(entry: PlanEntry): string {
  return entry.group ? entry.group.step.name : entry.step.name;
}
