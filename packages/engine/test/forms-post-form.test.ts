import { z } from 'zod';
import {
  ask,
  firstFormPage,
  FORM_META_KEY,
  FormNotCompleteError,
  FormOverflowError,
  FormValidationError,
  isFormPage,
  postForm,
  postFormAsync,
  type Form,
  type FormGenerator,
} from '../src/forms';
import type { State } from '../src/state';

/** Runs `fn` and returns the error it throws (failing the test if it throws none, or another kind). */
function thrown<E extends Error>(kind: new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (err) {
    if (err instanceof kind) return err;
    throw err;
  }
  throw new Error(`expected ${kind.name}`);
}

describe('postForm: one page', () => {
  const page = z
    .object({
      name: z.string().min(1),
      count: z.number().int().default(3),
    })
    .meta({ title: 'Node', [FORM_META_KEY]: { hasNext: false } });

  it('asks for the page (510) when no answer is given', () => {
    const err = thrown(FormNotCompleteError, () => postForm(page, {}, []));
    expect(err.name).toBe('FormNotCompleteError');
    expect(err.form).toEqual({
      additionalProperties: false,
      properties: {
        name: { minLength: 1, title: 'Name', type: 'string' },
        count: { default: 3, title: 'Count', type: 'integer' },
      },
      required: ['name'],
      title: 'Node',
      type: 'object',
    });
    expect(err.meta).toEqual({ hasNext: false });
    expect(JSON.parse(err.message)).toEqual(err.form);
  });

  it('rejects a bad answer (400) with the field’s location', () => {
    const err = thrown(FormValidationError, () => postForm(page, {}, [{ name: '', count: 'x' }]));
    expect(err.name).toBe('FormValidationError');
    expect(err.errors.map((e) => [e.loc, e.type])).toEqual([
      [['name'], 'string_too_short'],
      [['count'], 'int_parsing'],
    ]);
  });

  it('returns the validated answer with defaults applied', () => {
    expect(postForm(page, {}, [{ name: 'r1' }])).toEqual({ name: 'r1', count: 3 });
  });

  it('rejects a second answer', () => {
    const err = thrown(FormOverflowError, () => postForm(page, {}, [{ name: 'r1' }, { name: 'r2' }]));
    expect(err.message).toBe('Did not process all user_inputs (1 remaining)');
  });

  it('sends meta null for a page without one', () => {
    expect(thrown(FormNotCompleteError, () => postForm(z.object({ a: z.string() }), {}, [])).meta).toBeNull();
  });
});

describe('postForm: a generator of pages', () => {
  const Mode = z.enum(['tagged', 'untagged']).meta({ id: 'Mode' });
  const modePage = z.object({ mode: Mode }).meta({ title: 'Port mode', [FORM_META_KEY]: { step: 1 } });
  const vlanPage = z.object({ vlan: z.number().int().min(1).max(4094) }).meta({ title: 'VLAN' });
  const confirmPage = z.object({ confirm: z.boolean() });

  // Page 2 depends on the answer to page 1, and the result on both and on the state.
  const form: FormGenerator = function* (state: State) {
    const { mode } = (yield modePage) as { mode: 'tagged' | 'untagged' };
    if (mode === 'tagged') {
      const { vlan } = (yield vlanPage) as { vlan: number };
      return { mode, vlan, node: state.node };
    }
    yield confirmPage;
    return { mode, node: state.node };
  };

  it('asks for page 1, then for the page that answer leads to', () => {
    const first = thrown(FormNotCompleteError, () => postForm(form, { node: 'n1' }, []));
    expect(first.form).toMatchObject({ title: 'Port mode', properties: { mode: { $ref: '#/$defs/Mode' } } });
    expect(first.meta).toEqual({ step: 1 });

    const tagged = thrown(FormNotCompleteError, () => postForm(form, { node: 'n1' }, [{ mode: 'tagged' }]));
    expect(tagged.form).toEqual({
      additionalProperties: false,
      properties: { vlan: { maximum: 4094, minimum: 1, title: 'Vlan', type: 'integer' } },
      required: ['vlan'],
      title: 'VLAN',
      type: 'object',
    });
    expect(tagged.meta).toBeNull();

    const untagged = thrown(FormNotCompleteError, () => postForm(form, { node: 'n1' }, [{ mode: 'untagged' }]));
    expect(untagged.form).toMatchObject({ properties: { confirm: { type: 'boolean' } }, title: 'unknown' });
  });

  it('returns the generator’s result when every page is answered', () => {
    expect(postForm(form, { node: 'n1' }, [{ mode: 'tagged' }, { vlan: 10 }])).toEqual({
      mode: 'tagged',
      vlan: 10,
      node: 'n1',
    });
    expect(postForm(form, { node: 'n1' }, [{ mode: 'untagged' }, { confirm: true }])).toEqual({
      mode: 'untagged',
      node: 'n1',
    });
  });

  it('rejects an invalid second page with its location', () => {
    const err = thrown(FormValidationError, () => postForm(form, {}, [{ mode: 'tagged' }, { vlan: 5000 }]));
    expect(err.errors).toEqual([
      {
        type: 'less_than_equal',
        loc: ['vlan'],
        msg: 'Input should be less than or equal to 4094',
        input: 5000,
        ctx: { le: 4094 },
      },
    ]);
    expect(err.message).toBe(
      '1 validation error for VLAN\nvlan\n  Input should be less than or equal to 4094 [type=less_than_equal, input_value=5000, input_type=int]',
    );
  });

  it('re-validates earlier pages on every replay', () => {
    const err = thrown(FormValidationError, () => postForm(form, {}, [{ mode: 'trunk' }, { vlan: 10 }]));
    expect(err.errors[0]).toMatchObject({ type: 'enum', loc: ['mode'] });
  });

  it('rejects more answers than pages', () => {
    const err = thrown(FormOverflowError, () =>
      postForm(form, {}, [{ mode: 'tagged' }, { vlan: 10 }, { extra: true }]),
    );
    expect(err.name).toBe('FormOverflowError');
    expect(err.message).toBe('Did not process all user_inputs (1 remaining)');
  });

  it('passes each page’s validated data (defaults applied) back into the generator', () => {
    const received: unknown[] = [];
    const withDefaults: FormGenerator = function* () {
      received.push(yield z.object({ a: z.string().default('x') }));
      return {};
    };
    postForm(withDefaults, {}, [{}]);
    expect(received).toEqual([{ a: 'x' }]);
  });

  it('gives the generator a copy of the state', () => {
    const state = { nested: { count: 1 }, list: [1] };
    const mutating: FormGenerator = function* (s: State) {
      (s.nested as { count: number }).count = 2;
      (s.list as number[]).push(2);
      yield z.object({});
      return {};
    };
    postForm(mutating, state, [{}]);
    expect(state).toEqual({ nested: { count: 1 }, list: [1] });
  });

  it('lets the generator clean up when the replay stops early', () => {
    let cleanedUp = 0;
    const withFinally: FormGenerator = function* () {
      try {
        yield z.object({ a: z.string() });
        yield z.object({ b: z.string() });
        return {};
      } finally {
        cleanedUp++;
      }
    };
    thrown(FormNotCompleteError, () => postForm(withFinally, {}, [{ a: 'x' }]));
    thrown(FormValidationError, () => postForm(withFinally, {}, [{ a: 1 }]));
    expect(cleanedUp).toBe(2);
  });

  it('gives the merged answers of its pages when a generator returns nothing', () => {
    const noResult: FormGenerator = function* () {
      yield z.object({ a: z.string(), shared: z.number() });
      yield z.object({ b: z.number().default(2), shared: z.number() });
    };
    expect(postForm(noResult, {}, [{ a: 'x', shared: 1 }, { shared: 3 }])).toEqual({ a: 'x', b: 2, shared: 3 });
  });

  it('keeps an explicit result, even an empty one', () => {
    const explicit: FormGenerator = function* () {
      const { a } = yield* ask(z.object({ a: z.string() }));
      return a === 'skip' ? {} : { chosen: a };
    };
    expect(postForm(explicit, {}, [{ a: 'x' }])).toEqual({ chosen: 'x' });
    expect(postForm(explicit, {}, [{ a: 'skip' }])).toEqual({});
  });

  it('explains a generator that returns something other than an object', () => {
    const wrong = function* () {
      yield z.object({ a: z.string() });
      return 'done';
    } as unknown as Form;
    expect(() => postForm(wrong, {}, [{ a: 'x' }])).toThrow(
      'A form generator returned the string "done": return an object of state keys, or nothing to use the answers of its pages',
    );
    const list = function* () {
      yield z.object({ a: z.string() });
      return ['a'];
    } as unknown as Form;
    expect(() => postForm(list, {}, [{ a: 'x' }])).toThrow(/returned an array/);
  });

  it('types the answer of `yield* ask(page)` as the page’s parsed type', () => {
    const typed: FormGenerator = function* () {
      const first = yield* ask(z.object({ count: z.coerce.number(), role: z.enum(['core', 'edge']) }));
      // Compile-time checks: `count` is a number and `role` a union of the two literals.
      const count: number = first.count;
      const role: 'core' | 'edge' = first.role;
      return { doubled: count * 2, role };
    };
    expect(postForm(typed, {}, [{ count: '4', role: 'edge' }])).toEqual({ doubled: 8, role: 'edge' });
  });

  it('returns at once for a generator without pages, and rejects answers to it', () => {
    // eslint-disable-next-line require-yield
    const noPages: FormGenerator = function* () {
      return { done: true };
    };
    expect(postForm(noPages, {}, [])).toEqual({ done: true });
    expect(() => postForm(noPages, {}, [{}])).toThrow(FormOverflowError);
  });

  it('accepts a plain function returning a page computed from the state', () => {
    const computed = ((state: State) =>
      z.object({ choice: z.enum(state.choices as [string, ...string[]]) })) as unknown as Form;
    expect(postForm(computed, { choices: ['a', 'b'] }, [{ choice: 'b' }])).toEqual({ choice: 'b' });
  });

  it('explains a generator that yields something other than a page', () => {
    const wrong = function* () {
      yield 'not a page';
      return {};
    } as unknown as Form;
    expect(() => postForm(wrong, {}, [])).toThrow(/not a zod object page/);
  });
});

describe('postForm: edge cases', () => {
  it('accepts any answers for a step without a form (null/undefined)', () => {
    expect(postForm(null, { a: 1 }, [])).toEqual({});
    expect(postForm(undefined, {}, [{ anything: true }])).toEqual({});
  });

  it('asks for an empty page on [] and completes it with [{}]', () => {
    const empty = z.object({});
    const err = thrown(FormNotCompleteError, () => postForm(empty, {}, []));
    expect(err.form).toEqual({ additionalProperties: false, properties: {}, title: 'unknown', type: 'object' });
    expect(postForm(empty, {}, [{}])).toEqual({});
  });

  it('rejects keys an empty page does not have', () => {
    const err = thrown(FormValidationError, () => postForm(z.object({}), {}, [{ wrong: 'body' }]));
    expect(err.errors).toEqual([
      { type: 'extra_forbidden', loc: ['wrong'], msg: 'Extra inputs are not permitted', input: 'body' },
    ]);
  });

  it('gives an answer that is not an object a clean error', () => {
    const err = thrown(FormValidationError, () =>
      postForm(z.object({ a: z.string() }), {}, ['text' as unknown as State]),
    );
    expect(err.errors).toEqual([
      {
        type: 'model_type',
        loc: ['__root__'],
        msg: 'Input should be a valid dictionary or instance of unknown',
        input: 'text',
        ctx: { class_name: 'unknown' },
      },
    ]);
  });
});

describe('firstFormPage', () => {
  it('gives the first page’s schema, generated against the state', () => {
    const form: FormGenerator = function* (state: State) {
      yield z.object({ note: z.string().default(String(state.note)) });
      return {};
    };
    expect(firstFormPage(form, { note: 'hello' })).toEqual({
      additionalProperties: false,
      properties: { note: { default: 'hello', title: 'Note', type: 'string' } },
      title: 'unknown',
      type: 'object',
    });
  });

  it('gives null for a form without pages or without a form', () => {
    // eslint-disable-next-line require-yield
    const noPages: FormGenerator = function* () {
      return {};
    };
    expect(firstFormPage(noPages, {})).toBeNull();
    expect(firstFormPage(null, {})).toBeNull();
  });
});

describe('isFormPage', () => {
  it('recognises zod objects only', () => {
    expect(isFormPage(z.object({}))).toBe(true);
    expect(isFormPage(z.object({ a: z.string() }).strict().meta({ title: 'x' }))).toBe(true);
    expect(isFormPage(z.string())).toBe(false);
    expect(isFormPage({ shape: {} })).toBe(false);
    expect(isFormPage(null)).toBe(false);
    expect(isFormPage(function* () {})).toBe(false);
  });
});

describe('postFormAsync', () => {
  it('validates async refinements and passes the form context to the generator', async () => {
    const known = new Set(['a', 'b']);
    const context = { lookup: async (id: string) => known.has(id) };
    const form = function* (_state: Record<string, unknown>, ctx: any) {
      const page = z.object({ id: z.string() }).refine(async (v) => ctx.lookup(v.id), { message: 'Unknown id' });
      return (yield page) as Record<string, unknown>;
    };
    await expect(postFormAsync(form, {}, [{ id: 'a' }], context as never)).resolves.toEqual({ id: 'a' });
    const err = await postFormAsync(form, {}, [{ id: 'z' }], context as never).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(FormValidationError);
    expect((err as FormValidationError).errors[0]).toMatchObject({ msg: 'Unknown id' });
  });
});
