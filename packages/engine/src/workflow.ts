import { z } from 'zod';
import { allowAll, type Authorizer } from './authorization';
import { done, init } from './builtin-steps';
import type { Form } from './forms';
import { Target } from './statuses';
import { steps, type StepList } from './step-list';

/** The answer of a run predicate: pass, or fail with a message (REST 412). */
export type RunPredicateResult = true | { fail: string };
export interface RunPredicateContext {
  readonly workflow: Workflow;
  readonly workflowKey: string;
}
export type RunPredicate = (ctx: RunPredicateContext) => RunPredicateResult | Promise<RunPredicateResult>;

export interface WorkflowOptions {
  /** Registry key: the `{workflow_key}` of `POST /api/processes/{workflow_key}` and `workflows.name`. */
  key: string;
  /** Stored in `workflows.description` when the workflow is first registered. @defaultValue the key */
  description?: string;
  /** @defaultValue 'SYSTEM' */
  target?: Target;
  /** @defaultValue false (true for `task`) */
  isTask?: boolean;
  /** The form answered to start the workflow. @defaultValue an empty page, so `POST []` never starts a process */
  initialInputForm?: Form;
  /** Who may start (and, unless `retryAuthorize` says otherwise, resume and retry). @defaultValue everyone */
  authorize?: Authorizer;
  retryAuthorize?: Authorizer;
  /** Checked before a process is created; a failure answers 412 and creates nothing. */
  runPredicate?: RunPredicate;
}

/** A workflow definition: what `POST /api/processes/{key}` starts. */
export interface Workflow {
  readonly key: string;
  readonly description: string;
  readonly target: Target;
  readonly isTask: boolean;
  readonly initialInputForm: Form;
  readonly steps: StepList;
  readonly authorize: Authorizer;
  readonly retryAuthorize: Authorizer;
  readonly runPredicate?: RunPredicate;
  /** Set on the workflow of one branch of a parallel step (`branchWorkflowOf`); never registered by itself. */
  readonly branchOf?: BranchOf;
}

/** Where a branch's workflow comes from: the parent workflow, its parallel step and the branch. */
export interface BranchOf {
  readonly workflowKey: string;
  readonly parallelStep: string;
  readonly branch: string;
}

const WORKFLOW_KEY = /^[A-Za-z][A-Za-z0-9_.-]*$/;

/** A workflow of exactly the given steps. */
export function workflow(opts: WorkflowOptions, body: StepList): Workflow {
  if (typeof opts?.key !== 'string' || !WORKFLOW_KEY.test(opts.key)) {
    throw new TypeError(`Invalid workflow key ${JSON.stringify(opts?.key)}: use letters, digits, '_', '.', '-'`);
  }
  const target = opts.target ?? Target.SYSTEM;
  if (!Object.values(Target).includes(target)) throw new TypeError(`Invalid target ${String(target)}`);
  const authorize = opts.authorize ?? allowAll;
  return Object.freeze({
    key: opts.key,
    description: opts.description ?? opts.key,
    target,
    isTask: opts.isTask ?? false,
    initialInputForm: opts.initialInputForm ?? z.object({}),
    steps: steps(body),
    authorize,
    retryAuthorize: opts.retryAuthorize ?? authorize,
    runPredicate: opts.runPredicate,
  });
}

/** A task: a system workflow not bound to products; `Start` and `Done` are added around the body. */
export function task(opts: WorkflowOptions, body: StepList): Workflow {
  return workflow({ ...opts, isTask: true, target: opts.target ?? Target.SYSTEM }, steps(init, body, done));
}
