import { isPlainObject } from './merge';
import type { State } from './state';
import { withRunner, type Step } from './step';
import { StepList, toStepList } from './step-list';
import { StepStatus } from './statuses';

/**
 * Run steps on a part of the state: each wrapped step sees `state[key]` (or `{}`), and what it produces replaces
 * `state[key]`. Failures pass through unchanged.
 */
export function focusSteps(key: string): (s: Step | StepList) => StepList {
  return (item) => new StepList(toStepList(item).steps.map((s) => focusStep(s, key)));
}

function focusStep(original: Step, key: string): Step {
  const run = original.run;
  if (original.group || !run) throw new TypeError(`focusSteps cannot wrap step group "${original.name}"`);
  return withRunner(original, async (state, ctx, env) => {
    const current = state[key];
    const subState: State = isPlainObject(current) ? current : {};
    const result = await run(subState, ctx, env);
    if (result.status === StepStatus.FAILED || result.status === StepStatus.WAITING) return result;
    return { status: result.status, state: { ...state, [key]: result.state } };
  });
}
