import type { Authorizer } from './authorization';
import { InternalKey } from './internal-keys';
import { builtinStep, step, type Step } from './step';
import { steps, type StepList } from './step-list';
import { success } from './step-result';

export interface StepGroupOptions {
  /** Offer the first sub-step's form as the group's form. @defaultValue true */
  extractForm?: boolean;
  retryAuthorize?: Authorizer;
}

/**
 * A sequence of sub-steps shown as one step, with one row (reference §1.3). Each sub-step runs as its own job and
 * replaces the group's row, so the row shows the last sub-step's status and state. A suspend or callback inside
 * the group resumes with the next sub-step; a retry after a failure restarts the group from its first sub-step.
 */
export function stepGroup(name: string, body: Step | StepList, opts: StepGroupOptions = {}): Step {
  const subSteps = steps(body);
  for (const sub of subSteps) {
    if (sub.group) throw new TypeError(`Step group "${name}" contains step group "${sub.name}": groups do not nest`);
    if (sub.parallel) throw new TypeError(`Step group "${name}" contains parallel step "${sub.name}": not supported`);
  }
  const enter = step(`${name} - Enter`, () => ({ [InternalKey.STEP_GROUP]: name }));
  const exit = builtinStep(`${name} - Exit`, (state) =>
    success({ ...state, [InternalKey.REMOVE_KEYS]: [InternalKey.STEP_GROUP, InternalKey.SUB_STEP] }),
  );
  const extractForm = opts.extractForm ?? true;
  return {
    name,
    kind: 'group',
    assignee: 'SYSTEM',
    form: extractForm ? subSteps.steps.find((s) => s.form)?.form : undefined,
    retryAuthorize: opts.retryAuthorize,
    group: { steps: [enter, ...subSteps.steps, exit], extractForm },
  };
}
