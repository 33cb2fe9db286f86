// Multi-page generator forms: a generator that only yields contributes the merged answers of its pages (it used to
// contribute nothing, silently), one that returns its result keeps working, and a non-object return is a clear
// error. As a workflow's initial form, an input step's form and after createWorkflow's product page (issue 7).
import { z } from 'zod';
import { ask, createWorkflow, done, init, inputStep, step, steps, testing, workflow } from '@wfo/core';
import { postForm, type FormContext } from '@wfo/engine';

const namePage = z.object({ node_name: z.string() });
const rolePage = z.object({ role: z.enum(['core', 'edge']) });

function* onlyYields() {
  yield namePage;
  yield rolePage;
}

function* returnsItsResult() {
  const { node_name } = yield* ask(namePage);
  const { role } = yield* ask(rolePage);
  return { node_name: node_name.toUpperCase(), role };
}

const useAnswers = step('Use the answers', (state) => ({ label: `${String(state.node_name)}/${String(state.role)}` }));

describe('a multi-page generator form', () => {
  it('as the initial form, without a return: the state gets every page’s answers', async () => {
    const wf = workflow({ key: 'wizard_start', initialInputForm: onlyYields }, steps(init, useAnswers, done));
    const p = await testing.runWorkflow(wf, [{ node_name: 'r1' }, { role: 'edge' }]);
    expect(p.status).toBe('completed');
    expect(p.state).toMatchObject({ node_name: 'r1', role: 'edge', label: 'r1/edge' });
  });

  it('as the initial form, with a return: the returned result, as before', async () => {
    const wf = workflow({ key: 'wizard_returns', initialInputForm: returnsItsResult }, steps(init, useAnswers, done));
    const p = await testing.runWorkflow(wf, [{ node_name: 'r1' }, { role: 'core' }]);
    expect(p.state).toMatchObject({ node_name: 'R1', role: 'core', label: 'R1/core' });
  });

  it('as an input step’s form, without a return: the answers are merged into the state', async () => {
    const wf = workflow(
      { key: 'wizard_input' },
      steps(init, inputStep('Describe the node', { form: onlyYields }), useAnswers, done),
    );
    const suspended = await testing.runWorkflow(wf);
    const p = await testing.resumeWorkflow(suspended, [{ node_name: 'r2' }, { role: 'core' }]);
    expect(p.status).toBe('completed');
    expect(p.state).toMatchObject({ node_name: 'r2', role: 'core', label: 'r2/core' });
  });

  it('refuses a return value that is not an object, saying what to return', async () => {
    // eslint-disable-next-line require-yield
    const wrong = function* () {
      return 'r1';
    } as unknown as typeof onlyYields;
    const wf = workflow({ key: 'wizard_wrong', initialInputForm: wrong }, steps(init, done));
    await expect(testing.runWorkflow(wf, [])).rejects.toThrow(
      'A form generator returned the string "r1": return an object of state keys, or nothing to use the answers of its pages',
    );
  });

  it('after createWorkflow’s product page: the product and the author’s pages both reach the state', () => {
    const wf = createWorkflow({ key: 'create_wizard', initialInputForm: onlyYields }, steps(useAnswers));
    const product = { info: { product_id: '4b4c7d3a-2f2e-4f6e-8a55-1f0a3c6f9d10', name: 'Node' } };
    const context = { domain: { productsFor: () => [product] } } as unknown as FormContext;
    const result = postForm(
      wf.initialInputForm,
      {},
      [{ product: product.info.product_id }, { node_name: 'r3' }, { role: 'edge' }],
      context,
    );
    expect(result).toEqual({ product: product.info.product_id, product_name: 'Node', node_name: 'r3', role: 'edge' });
  });
});
