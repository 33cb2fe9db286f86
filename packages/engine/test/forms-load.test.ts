import { z } from 'zod';
import { FormNeedsAsyncError, FormNotCompleteError, firstFormPage, load, postForm, postFormAsync } from '../src';
import type { FormGenerator } from '../src';

/** A form whose choices come from a lookup, as a form reading the inventory does. */
function formWithChoices(lookups: string[]): FormGenerator {
  return function* () {
    const nodes = yield* load(async () => {
      lookups.push('nodes');
      return ['ams-r1', 'ams-r2'];
    });
    const { node } = yield z.object({ node: z.enum(nodes as [string, ...string[]]) });
    yield z.object({ port: z.string().min(1) });
    return { node, chosen_from: nodes.length };
  };
}

describe('forms that load data (`load`)', () => {
  it('renders the page from what the loader returned, and gives the result to the generator', async () => {
    const lookups: string[] = [];
    await expect(postFormAsync(formWithChoices(lookups), {}, [])).rejects.toMatchObject({
      form: { $defs: { Node: { enum: ['ams-r1', 'ams-r2'] } } },
    });
    await expect(postFormAsync(formWithChoices(lookups), {}, [{ node: 'ams-r3' }])).rejects.toMatchObject({
      errors: [expect.objectContaining({ loc: ['node'] })],
    });
    expect(await postFormAsync(formWithChoices(lookups), {}, [{ node: 'ams-r2' }, { port: 'et-1' }])).toEqual({
      node: 'ams-r2',
      chosen_from: 2,
    });
    expect(lookups).toEqual(['nodes', 'nodes', 'nodes']);
  });

  it('does not count a load as a page: a generator returning nothing gets its pages answers merged', async () => {
    const form: FormGenerator = function* () {
      const n = yield* load(() => 3);
      yield z.object({ count: z.number().max(n) });
    };
    expect(await postFormAsync(form, {}, [{ count: 2 }])).toEqual({ count: 2 });
  });

  it('says that the synchronous driver cannot run it, and has no first page to show', () => {
    expect(() => postForm(formWithChoices([]), {}, [])).toThrow(FormNeedsAsyncError);
    expect(firstFormPage(formWithChoices([]), {})).toBeNull();
    expect(() => postForm(z.object({ a: z.string() }), {}, [])).toThrow(FormNotCompleteError);
  });
});
