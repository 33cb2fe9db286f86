import type { Form } from './forms';
import type { ParallelDefinition } from './parallel-step';
import type { Authorizer } from './authorization';
import { toErrorState } from './errors';
import type { State } from './state';
import { Assignee } from './statuses';
import type { StepContext, StepEnvironment } from './step-context';
import { failed, success, suspend, waiting, type StepResult } from './step-result';

/** What a step function may return: the keys it changes (shallow-merged into the state), or nothing. */
export type StepOutput = State | void | undefined | null;
export type StepFunction = (state: State, ctx: StepContext) => StepOutput | Promise<StepOutput>;

/** How the engine runs a leaf step: state in, outcome out. Thrown errors are already turned into outcomes. */
export type StepRunner = (state: State, ctx: StepContext, env: StepEnvironment) => Promise<StepResult>;

export type StepKind = 'step' | 'retry' | 'input' | 'group' | 'builtin' | 'sleep' | 'parallel';

/**
 * A step: a named unit whose outcome is checkpointed as one `process_steps` row. Leaves have a `run`; a step group
 * has `group` instead and is executed sub-step by sub-step (one job each), all written to the group's one row.
 */
export interface Step {
  readonly name: string;
  readonly kind: StepKind;
  readonly assignee: Assignee;
  readonly form?: Form;
  readonly resumeAuthorize?: Authorizer;
  readonly retryAuthorize?: Authorizer;
  readonly run?: StepRunner;
  readonly group?: StepGroupDefinition;
  /** Set on a `parallel` step: its branches, each run as a process of its own (docs/parallel-branches.md). */
  readonly parallel?: ParallelDefinition;
  /** Marks the engine's own "Await callback" sub-step, which may find its callback already arrived. */
  readonly role?: 'await-callback';
}

export interface StepGroupDefinition {
  /** The sub-steps including the implicit "<name> - Enter" and "<name> - Exit". */
  readonly steps: readonly Step[];
  readonly extractForm: boolean;
  /** Set by `conditional` around a group: evaluated on entering the group; false skips the whole group. */
  readonly guard?: (state: State) => boolean;
}

export function isStep(value: unknown): value is Step {
  return typeof value === 'object' && value !== null && 'name' in value && 'kind' in value && 'assignee' in value;
}

/** `processes.last_step` holds at most this many characters. */
export const STEP_NAME_LENGTH = 255;

export function checkName(name: string): void {
  if (typeof name !== 'string' || name.trim() === '') throw new TypeError('A step needs a non-empty name');
  if (name.length > STEP_NAME_LENGTH)
    throw new TypeError(`Step name longer than ${STEP_NAME_LENGTH} characters: "${name.slice(0, 40)}…"`);
}

/** The step function's return value merged into the state (shallow: top-level keys replace). */
function mergeOutput(state: State, output: StepOutput): State {
  if (output === undefined || output === null) return state;
  if (typeof output !== 'object' || Array.isArray(output)) {
    throw new TypeError(
      `A step must return an object of state keys or nothing, got ${Array.isArray(output) ? 'an array' : typeof output}`,
    );
  }
  return { ...state, ...output };
}

function runnerOf(fn: StepFunction, onError: (errorState: State) => StepResult): StepRunner {
  return async (state, ctx) => {
    try {
      return success(mergeOutput(state, await fn(state, ctx)));
    } catch (err) {
      return onError(toErrorState(err));
    }
  };
}

/** A step: its output is shallow-merged into the state; a throw fails the process at this step. */
export function step(name: string, fn: StepFunction, opts: { retryAuthorize?: Authorizer } = {}): Step {
  checkName(name);
  return {
    name,
    kind: 'step',
    assignee: Assignee.SYSTEM,
    run: runnerOf(fn, failed),
    retryAuthorize: opts.retryAuthorize,
  };
}

/**
 * Like `step`, but a throw makes the process `waiting`: it is retried automatically with backoff, then waits for
 * the periodic resume task or a manual retry.
 */
export function retryStep(name: string, fn: StepFunction, opts: { retryAuthorize?: Authorizer } = {}): Step {
  checkName(name);
  return {
    name,
    kind: 'retry',
    assignee: Assignee.SYSTEM,
    run: runnerOf(fn, waiting),
    retryAuthorize: opts.retryAuthorize,
  };
}

export interface InputStepOptions {
  form: Form;
  assignee?: Assignee;
  resumeAuthorize?: Authorizer;
  retryAuthorize?: Authorizer;
}

/**
 * A user input step: the process suspends here until a user resumes it with the form's answers, which are
 * deep-merged into the state. The form is validated by the API; the engine never runs user code for it.
 */
export function inputStep(name: string, opts: InputStepOptions): Step {
  checkName(name);
  if (!opts?.form) throw new TypeError(`inputStep "${name}" needs a form`);
  return {
    name,
    kind: 'input',
    assignee: opts.assignee ?? Assignee.SYSTEM,
    form: opts.form,
    resumeAuthorize: opts.resumeAuthorize,
    retryAuthorize: opts.retryAuthorize,
    run: async (state) => suspend(state),
  };
}

/** A step of the engine's own whose outcome is decided by `decide` from the state (and the environment). */
export function builtinStep(name: string, decide: (state: State, env: StepEnvironment) => StepResult): Step {
  return { name, kind: 'builtin', assignee: Assignee.SYSTEM, run: async (state, _ctx, env) => decide(state, env) };
}

/** Copy a step with another runner, keeping its name, form and callbacks (used by `conditional`, `focusSteps`). */
export function withRunner(original: Step, run: StepRunner): Step {
  return { ...original, run };
}
