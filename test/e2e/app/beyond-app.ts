// The application of the end-to-end tests of SPEC §9 (definition changes in flight, durable sleep, parallel
// branches). `WFO_TEST_DEFINITION` picks the deployed version of the evolving workflow, so a test can deploy a
// changed definition by starting workers and an API with another value.
import { z } from 'zod';
import { defineOrchestrator, done, init, inputStep, step, steps, workflow } from '@wfo/core';

const version = process.env.WFO_TEST_DEFINITION ?? 'v1';

const confirm = inputStep('Confirm', { form: z.object({ confirmed: z.boolean() }) });

/** v1: Start, Reserve, Confirm, Done. v2 inserts "Check quota" before Confirm and "Notify" after it. */
const evolving =
  version === 'v1'
    ? workflow(
        { key: 'e2e_evolving' },
        steps(
          init,
          step('Reserve', () => ({ reserved: 'v1' })),
          confirm,
          done,
        ),
      )
    : workflow(
        { key: 'e2e_evolving' },
        steps(
          init,
          step('Check quota', () => ({ quota_checked: true })),
          step('Reserve', () => ({ reserved: 'v2' })),
          confirm,
          step('Notify', () => ({ notified: version })),
          done,
        ),
      );

// eslint-disable-next-line no-restricted-syntax -- the CLI loads the application from the module's default export
export default defineOrchestrator({ workflows: [evolving] });
