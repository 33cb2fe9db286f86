import { isPlainObject } from '../merge';
import type { State } from '../state';
import { FormNotCompleteError, FormOverflowError } from './errors';
import { isFormLoad, isFormPage, runFormLoad, type Form, type FormContext, type FormLoad, type FormPage } from './form';
import { formPageSchema } from './json-schema';
import { formPageMeta } from './page-meta';
import { validateFormPage, validateFormPageAsync } from './validate-page';

/** A form generator running: yields pages, takes validated answers, returns the result. */
type FormRun = Iterator<unknown, unknown, State>;

/**
 * A deep copy of the JSON parts of the state (plain objects and arrays), so a form cannot change the caller's state
 * (pydantic-forms deep-copies it too). Anything else (class instances, …) is shared, not cloned.
 */
function copyState<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item: unknown) => copyState(item)) as T;
  if (isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, copyState(item)])) as T;
  }
  return value;
}

function isIterator(value: unknown): value is FormRun {
  return typeof value === 'object' && value !== null && typeof (value as { next?: unknown }).next === 'function';
}

function startForm(form: Form, state: State, context: FormContext): FormRun | FormPage {
  if (isFormPage(form)) return form;
  if (typeof form !== 'function') {
    throw new TypeError(`A form is a zod object or a generator function, got ${form === null ? 'null' : typeof form}`);
  }
  const run: unknown = form(state, context);
  // Tolerated like orchestrator-core does: a plain function that returns one page computed from the state.
  if (isFormPage(run)) return run;
  if (!isIterator(run))
    throw new TypeError('A form function must be a generator function (function*) yielding zod object pages');
  return run;
}

function pageOf(value: unknown): FormPage | FormLoad {
  if (!isFormPage(value) && !isFormLoad(value))
    throw new TypeError('A form generator yielded something that is not a zod object page (or a `load`)');
  return value;
}

function describeValue(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'string' ? `the string ${JSON.stringify(value.slice(0, 40))}` : `a ${typeof value}`;
}

/** The generator's return value, or, when it returned nothing, its pages' answers merged in page order. */
function resultOf(value: unknown, answers: readonly State[]): State {
  if (value === undefined || value === null) return Object.assign({}, ...answers) as State;
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new TypeError(
      `A form generator returned ${describeValue(value)}: return an object of state keys, ` +
        'or nothing to use the answers of its pages',
    );
  }
  return value as State;
}

/**
 * A form as one generator of pages that returns the form's result: a page's answer for a one-page form; for a
 * generator, what it returns, or the merged answers of its pages when it returns nothing (see {@link FormGenerator}).
 * Lets a form run inside another one (`yield* runForm(form, state, ctx)`), with the same result rules as alone.
 */
export function* runForm(form: Form, state: State, context: FormContext): Generator<FormPage | FormLoad, State, State> {
  const run = startForm(form, state, context);
  if (isFormPage(run)) return yield run;
  const answers: State[] = [];
  let step: IteratorResult<unknown, unknown> | undefined;
  try {
    step = run.next();
    while (!step.done) {
      const yielded = pageOf(step.value);
      // A load's result goes back to the generator; it is no page's answer.
      const answer = yield yielded;
      if (!isFormLoad(yielded)) answers.push(answer);
      step = run.next(answer);
    }
    return resultOf(step.value, answers);
  } finally {
    // Let the generator run its `finally` blocks when the replay stops before the form finished.
    if (!step?.done) run.return?.(undefined);
  }
}

/**
 * What the replay needs from its driver: a page answer validated (the driver sends the validated data back), or a
 * form's `load` run (the driver sends its result back).
 */
type ValidationRequest = { readonly page: FormPage; readonly answer: unknown } | { readonly load: FormLoad };

/** A form that loads data cannot be run by the synchronous driver. */
export class FormNeedsAsyncError extends TypeError {
  override readonly name = 'FormNeedsAsyncError';
  constructor() {
    super('This form loads data (`load`): run it with postFormAsync');
  }
}

/**
 * The replay of pydantic-forms' `post_form` as a coroutine: it yields each (page, answer) pair to validate and
 * receives the validated data, so one replay serves the synchronous and the asynchronous driver below.
 */
function* replay(
  form: Form,
  state: State,
  pages: readonly State[],
  context: FormContext,
): Generator<ValidationRequest, State, State> {
  const run = runForm(form, copyState(state), context);
  let step: IteratorResult<FormPage | FormLoad, State> | undefined;
  try {
    step = run.next();
    let answered = 0;
    for (;;) {
      // Loads run whether or not answers remain: the next page may need them to render.
      while (!step.done && isFormLoad(step.value)) step = run.next(yield { load: step.value });
      if (step.done || answered >= pages.length) break;
      const validated = yield { page: step.value as FormPage, answer: pages[answered] };
      answered++;
      step = run.next(validated);
    }
    if (step.done) {
      const remaining = pages.length - answered;
      if (remaining > 0) throw new FormOverflowError(`Did not process all user_inputs (${remaining} remaining)`);
      return step.value;
    }
    const page = step.value as FormPage;
    throw new FormNotCompleteError(formPageSchema(page), formPageMeta(page));
  } finally {
    if (!step?.done) run.return({});
  }
}

/**
 * Runs a form against the answers submitted so far, as pydantic-forms' `post_form` does: the form is replayed from
 * the start with (a deep copy of) `state`; the i-th page it yields validates `pages[i]`, and the validated data is
 * sent back into the generator. When the generator returns, its value is the form result (for a one-page form: the
 * page's validated data; for a generator that returns nothing: its pages' answers merged). Pages are validated
 * synchronously; see {@link postFormAsync} for async refinements.
 *
 * @param form the form; `null`/`undefined` (a step without a form) accepts anything and returns `{}`.
 * @param pages the answers, one per page, in order.
 * @param context services the form generator may use (its second argument).
 * @throws {@link FormNotCompleteError} fewer answers than pages: carries the next page's schema and meta (HTTP 510).
 * @throws {@link FormValidationError} an answer does not validate against its page (HTTP 400).
 * @throws {@link FormOverflowError} more answers than pages.
 */
export function postForm(
  form: Form | null | undefined,
  state: State,
  pages: readonly State[],
  context: FormContext = {},
): State {
  if (form === null || form === undefined) return {};
  const run = replay(form, state, pages, context);
  try {
    let step = run.next();
    while (!step.done) {
      const request = step.value;
      if ('load' in request) throw new FormNeedsAsyncError();
      step = run.next(validateFormPage(request.page, request.answer));
    }
    return step.value;
  } finally {
    // An answer that failed validation leaves the replay suspended: close it, so the form's `finally` runs.
    run.return({});
  }
}

/**
 * {@link postForm} with asynchronous validation: pages may have async refinements (a check against the database,
 * such as a subscription's availability). What the API uses.
 */
export async function postFormAsync(
  form: Form | null | undefined,
  state: State,
  pages: readonly State[],
  context: FormContext = {},
): Promise<State> {
  if (form === null || form === undefined) return {};
  const run = replay(form, state, pages, context);
  try {
    let step = run.next();
    while (!step.done) {
      const request = step.value;
      // A load's result travels the same channel as validated answers (the generator's own type says what it is).
      const reply =
        'load' in request ? await runFormLoad(request.load) : await validateFormPageAsync(request.page, request.answer);
      step = run.next(reply as State);
    }
    return step.value;
  } finally {
    run.return({});
  }
}
