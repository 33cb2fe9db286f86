import { z } from 'zod';
import type { State } from '../state';

/**
 * One form page: a zod object schema, the counterpart of a pydantic-forms `FormPage` class.
 *
 * - Its fields are the page's inputs; answers are validated strictly (unknown keys are rejected, like
 *   `extra="forbid"`), whether or not the object is `.strict()`.
 * - `.meta({ title })` names the page: its JSON Schema `title` and the name its validation errors give
 *   (`1 validation error for <title>`); `.meta({ id })` does when there is no title; otherwise both say `unknown`.
 *   `.meta({ description })` sets the schema's `description`.
 * - `.meta({ formMeta: … })` attaches UI metadata to the page (pydantic-forms' `meta__`): it travels as the `meta` of
 *   {@link FormNotCompleteError} and stays out of the schema and the validated data. See {@link FORM_META_KEY}.
 *
 * Call `.meta()` last: zod methods that rebuild an object (`.strict()`, `.extend()`, …) start without metadata.
 * Answers are validated by zod, which does not coerce the way pydantic's lax mode does (`"5"` is no number): use
 * `z.coerce` where a page should accept such input. Refinements must be synchronous.
 *
 * @example
 * const page = z.object({ customer_id: z.uuid(), note: z.string().optional() })
 *   .meta({ title: 'Create node', formMeta: { hasNext: true } });
 */
export type FormPage = z.ZodObject;

/**
 * A multi-page form (a wizard): a generator function that receives the state, yields pages one by one and receives
 * each page's validated answer back. Pages may depend on the state and on earlier answers. It must be free of side
 * effects: it is replayed from the start for every submission.
 *
 * The form's result (the keys merged into the state) is what the generator returns: an object of state keys, or
 * nothing, in which case the answers of all its pages are used, merged in page order (a later page's key replaces
 * an earlier one's, as pydantic-forms merges them). Returning anything else (a string, an array) is an error.
 *
 * TypeScript gives a plain `yield page` the type `any`; `yield* ask(page)` gives the page's parsed type.
 *
 * @example
 * function* form(state: State) {
 *   const { kind } = yield* ask(z.object({ kind: z.enum(['a', 'b']) }));   // kind: 'a' | 'b'
 *   yield kind === 'a' ? pageA : pageB;
 *   // no return: the result is { kind, ...the second page's answer }
 * }
 */
// The answer type differs per `yield`, which TypeScript cannot express; `any` lets authors annotate each answer.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type FormGenerator = (state: State, ctx: FormContext) => Generator<FormPage | FormLoad, State | void, any>;

const FORM_LOAD = '__wfo_form_load__';

/** What `load` yields: data a form needs before it can render its next page (see {@link load}). */
export interface FormLoad<T = unknown> {
  readonly [FORM_LOAD]: () => Promise<T> | T;
}

export function isFormLoad(value: unknown): value is FormLoad {
  return typeof value === 'object' && value !== null && typeof (value as FormLoad)[FORM_LOAD] === 'function';
}

/** Run a form's loader (the API awaits it between pages). */
export function runFormLoad(value: FormLoad): Promise<unknown> {
  return Promise.resolve(value[FORM_LOAD]());
}

/**
 * Read data a page needs (choices from the inventory, a modify form's current values) inside a form generator:
 * `const nodes = yield* load(() => ctx.domain!.listSubscriptions({ product: 'Node', statuses: ['active'] }))`.
 * Generators are synchronous, so the loader is handed to the form driver, which awaits it and gives the result
 * back. Like the whole form, it runs again on every submission (the form is replayed): it must only read.
 * Forms that load are validated by the asynchronous driver ({@link postFormAsync}), which the API uses.
 */
export function* load<T>(loader: () => Promise<T> | T): Generator<FormLoad<T>, T, T> {
  return yield { [FORM_LOAD]: loader };
}

/**
 * Ask for one page inside a form generator and get its answer with the page's parsed type:
 * `const { node_name } = yield* ask(nodePage)`. The same as `yield nodePage`, typed.
 */
export function* ask<P extends FormPage>(page: P): Generator<P, z.output<P>, z.output<P>> {
  return yield page;
}

/**
 * Services a runtime offers to form generators (their second argument), e.g. the subscription lookups of
 * `@wfo/domain`, declared here through module augmentation. Pages that check against the database do so in async
 * refinements, which the API validates with {@link postFormAsync}.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface FormServices {}

export type FormContext = Partial<FormServices>;

/** A form: one page, or a generator of pages (SPEC §3). */
export type Form = FormPage | FormGenerator;

/** Whether a value is a form page: a zod object schema (checked by zod's trait, so it holds across zod copies). */
export function isFormPage(value: unknown): value is FormPage {
  return value instanceof z.ZodObject;
}
