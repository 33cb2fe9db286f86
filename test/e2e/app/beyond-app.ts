// The application of the end-to-end tests of SPEC §9 (definition changes in flight, durable sleep, parallel
// branches). `WFO_TEST_DEFINITION` picks the deployed version of the evolving workflow, so a test can deploy a
// changed definition by starting workers and an API with another value.
import { z } from 'zod';
import { defineOrchestrator, done, init, inputStep, sleepStep, step, steps, workflow } from '@wfo/core';

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

/** Sleeps `sleep_ms` (from the initial form) between two steps. */
const sleeper = workflow(
  { key: 'e2e_sleeper', initialInputForm: z.object({ sleep_ms: z.number().int().min(0) }) },
  steps(
    init,
    step('Before', () => ({ before: true })),
    sleepStep('Nap', (state) => state.sleep_ms as number),
    step('After', () => ({ after: true })),
    done,
  ),
);

/** A process that never sleeps: two quick steps. */
const short = workflow(
  { key: 'e2e_short' },
  steps(
    init,
    step('Quick', () => ({ quick: true })),
    done,
  ),
);

// eslint-disable-next-line no-restricted-syntax -- the CLI loads the application from the module's default export
export default defineOrchestrator({ workflows: [evolving, sleeper, short] });
