import type { State } from './state';
import { withRunner, type Step } from './step';
import { StepList, toStepList } from './step-list';
import { skipped } from './step-result';

/**
 * Skip steps at run time: the predicate is evaluated on the current state before each wrapped step (so again
 * between the steps of one list); false records the step as `skipped` and leaves the state unchanged.
 */
export function conditional(predicate: (state: State) => boolean): (s: Step | StepList) => StepList {
  return (item) => new StepList(toStepList(item).steps.map((s) => guardStep(s, predicate)));
}

function guardStep(original: Step, predicate: (state: State) => boolean): Step {
  if (original.group) {
    const previous = original.group.guard;
    const guard = previous ? (state: State) => predicate(state) && previous(state) : predicate;
    return { ...original, group: { ...original.group, guard } };
  }
  const run = original.run;
  if (!run) throw new TypeError(`Step "${original.name}" cannot be made conditional`);
  return withRunner(original, (state, ctx, env) =>
    predicate(state) ? run(state, ctx, env) : Promise.resolve(skipped(state)),
  );
}
