// The application of the end-to-end tests of SPEC §9 (definition changes in flight, durable sleep, parallel
// branches). `WFO_TEST_DEFINITION` picks the deployed version of the evolving workflow, so a test can deploy a
// changed definition by starting workers and an API with another value.
import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import {
  callbackStep,
  defineOrchestrator,
  done,
  init,
  inputStep,
  parallel,
  retryStep,
  sleepStep,
  step,
  steps,
  workflow,
  type State,
  type StepOutput,
} from '@wfo/core';

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

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => clearTimeout(timer), { once: true });
  });

/** A step that appends its name to `<marker_dir>/runs.log` each time it runs, so a test can count executions. */
const counted = (name: string, output: (state: State) => StepOutput = () => undefined) =>
  step(name, (state) => {
    appendFileSync(path.join(String(state.marker_dir), 'runs.log'), `${name}\n`);
    return output(state);
  });

/** One step per branch that takes `work_ms`, recording when it ran and on which worker. */
const timed = (branch: string) =>
  step(`Work ${branch}`, async (state, ctx) => {
    const start = Date.now();
    await pause(state.work_ms as number, ctx.signal);
    return { [`${branch}_run`]: { start, end: Date.now(), worker: process.pid } };
  });

const parallelOverlap = workflow(
  { key: 'e2e_parallel_overlap', initialInputForm: z.object({ work_ms: z.number().int().min(0) }) },
  steps(
    init,
    step('Before', () => ({ before: true })),
    parallel('Fork', { left: timed('left'), right: timed('right') }),
    step('After', (state) => ({ after: [state.left_run, state.right_run].filter(Boolean).length })),
    done,
  ),
);

/** "Flaky 2" fails until `<marker_dir>/fixed` exists. */
const parallelRetry = workflow(
  { key: 'e2e_parallel_retry', initialInputForm: z.object({ marker_dir: z.string() }) },
  steps(
    init,
    parallel('Fork', {
      good: steps(
        counted('Good 1', () => ({ good_1: true })),
        counted('Good 2', () => ({ good_2: true })),
      ),
      flaky: steps(
        counted('Flaky 1', () => ({ flaky_1: true })),
        counted('Flaky 2', (state) => {
          if (!existsSync(path.join(String(state.marker_dir), 'fixed'))) throw new Error('the NMS is not ready');
          return { flaky_2: true };
        }),
      ),
    }),
    counted('After', () => ({ after: true })),
    done,
  ),
);

const parallelConflict = workflow(
  { key: 'e2e_parallel_conflict' },
  steps(
    init,
    parallel('Fork', {
      first: step('First', () => ({ first: true, vlan: 100 })),
      second: step('Second', () => ({ second: true, vlan: 200 })),
    }),
    done,
  ),
);

/** A retry step inside a branch fails its first two attempts (counted in `<marker_dir>/attempts`). */
const parallelRetryStep = workflow(
  { key: 'e2e_parallel_retry_step', initialInputForm: z.object({ marker_dir: z.string() }) },
  steps(
    init,
    parallel('Fork', {
      steady: step('Steady', () => ({ steady: true })),
      eventually: retryStep('Eventually', (state) => {
        const file = path.join(String(state.marker_dir), 'attempts');
        const attempts = (existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0) + 1;
        writeFileSync(file, String(attempts));
        // The same error each time: the waiting row counts the retries instead of one row per attempt.
        if (attempts < 3) throw new Error('the NMS is busy');
        return { eventually: attempts };
      }),
    }),
    done,
  ),
);

const parallelSleepy = workflow(
  { key: 'e2e_parallel_sleepy' },
  steps(
    init,
    parallel('Fork', {
      nap: sleepStep('Nap', 120_000),
      quick: step('Quick', () => ({ quick: true })),
    }),
    done,
  ),
);

/** A callback step in one branch: the test answers it on the route the branch's state holds. */
const parallelCallback = workflow(
  { key: 'e2e_parallel_callback' },
  steps(
    init,
    parallel('Fork', {
      external: callbackStep('Configure', {
        action: step('Send order', (state) => ({ order_sent_to: state.callback_route })),
        validate: step('Check answer', (state) => ({ answer: (state.callback_result as { answer: number }).answer })),
      }),
      local: step('Local', () => ({ local: true })),
    }),
    done,
  ),
);

/** "Slow" writes the worker's pid to `<marker_dir>/slow-worker`, then takes `sleep_ms`. */
const parallelSlow = workflow(
  {
    key: 'e2e_parallel_slow',
    initialInputForm: z.object({ marker_dir: z.string(), sleep_ms: z.number().int().min(0) }),
  },
  steps(
    init,
    parallel('Fork', {
      slow: steps(
        counted('Slow 1', () => ({ slow_1: true })),
        step('Slow', async (state, ctx) => {
          const dir = String(state.marker_dir);
          appendFileSync(path.join(dir, 'runs.log'), 'Slow\n');
          writeFileSync(path.join(dir, 'slow-worker'), String(process.pid));
          await pause(state.sleep_ms as number, ctx.signal);
          return { slow: true };
        }),
        counted('Slow 3', () => ({ slow_3: true })),
      ),
      fast: steps(
        counted('Fast 1', () => ({ fast_1: true })),
        counted('Fast 2', () => ({ fast_2: true })),
      ),
    }),
    counted('After', () => ({ after: true })),
    done,
  ),
);

// eslint-disable-next-line no-restricted-syntax -- the CLI loads the application from the module's default export
export default defineOrchestrator({
  workflows: [
    evolving,
    sleeper,
    short,
    parallelOverlap,
    parallelRetry,
    parallelConflict,
    parallelRetryStep,
    parallelSleepy,
    parallelCallback,
    parallelSlow,
  ],
});
