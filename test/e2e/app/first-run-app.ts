// A minimal application for the first-run tests: one product whose fixed input comes from FIRST_RUN_SPEED, so a
// test can change a declared product between two starts (a change `wfo dev` refuses and `wfo products migrate`
// applies).
import { z } from 'zod';
import { createWorkflow, defineOrchestrator, product, productBlock, step, steps } from '@wfo/core';

const circuit = productBlock('FirstRunCircuitBlock', { fields: { circuit_name: z.string() } });

const circuitProduct = product({
  name: 'First-run circuit',
  type: 'Circuit',
  tag: 'CIRCUIT',
  description: 'A circuit',
  fixedInputs: { speed: process.env.FIRST_RUN_SPEED ?? '1G' },
  root: { circuit },
  workflows: ['create_first_run_circuit'],
});

const createCircuit = createWorkflow(
  { key: 'create_first_run_circuit', initialInputForm: z.object({ customer_id: z.string(), name: z.string() }) },
  steps(
    step('Create subscription', async (state, ctx) => {
      const subscription = await ctx.subscriptions.create(circuitProduct, { customerId: String(state.customer_id) });
      subscription.circuit.circuit_name = String(state.name);
      return { subscription };
    }),
  ),
);

// eslint-disable-next-line no-restricted-syntax -- the CLI loads the application from the module's default export
export default defineOrchestrator({ workflows: [createCircuit], products: [circuitProduct] });
