// The application the end-to-end tests run with `wfo api|worker --app`. Steps coordinate with the tests through
// files named in their state, because the tests only see HTTP and the workers are other processes.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import {
  callbackStep,
  defineOrchestrator,
  done,
  init,
  inputStep,
  InconsistentDataError,
  retryStep,
  step,
  stepGroup,
  steps,
  task,
  workflow,
  type User,
} from '@wfo/core';
import { PRODUCT_WORKFLOWS, PRODUCTS } from './test-products';

/** Throw `message` unless the file named by `state.marker` exists; create it, so the next attempt succeeds. */
function failOnce(state: Record<string, unknown>, message: string): void {
  const marker = String(state.marker);
  if (existsSync(marker)) return;
  writeFileSync(marker, 'failed once');
  throw new Error(message);
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('worker shutting down'));
    });
  });

const linear = workflow(
  { key: 'e2e_linear', description: 'Three steps' },
  steps(
    init,
    step('One', () => ({ one: 1 })),
    step('Two', (s) => ({ two: (s.one as number) + 1 })),
    step('Three', (s) => ({ three: (s.two as number) + 1 })),
    done,
  ),
);

const withForm = workflow(
  {
    key: 'e2e_form',
    initialInputForm: z.object({ name: z.string().min(2), count: z.number().int() }),
  },
  steps(
    init,
    step('Use form', (s) => ({ greeting: `hello ${String(s.name)}` })),
    done,
  ),
);

/** Fails until the file `state.marker` exists; the first attempt creates it. */
const flaky = workflow(
  { key: 'e2e_flaky', initialInputForm: z.object({ marker: z.string() }) },
  steps(
    init,
    step('Prepare', () => ({ prepared: true })),
    step('Flaky', (s) => {
      failOnce(s, 'first attempt fails');
      return { fixed: true, saw_prepared: s.prepared };
    }),
    done,
  ),
);

const isUser = (name: string) => (ctx: { user: User | null }) => ctx.user?.name === name;

const withInput = workflow(
  { key: 'e2e_input' },
  steps(
    init,
    step('Prepare', () => ({ settings: { mtu: 1500 } })),
    inputStep('Approve', {
      form: z.object({
        approved: z.boolean(),
        comment: z.string().min(3),
        settings: z.object({ vlan: z.number().int() }),
      }),
      assignee: 'NOC',
    }),
    step('Apply', (s) => ({ applied: s.approved })),
    done,
  ),
);

const withCallback = workflow(
  { key: 'e2e_callback' },
  steps(
    init,
    callbackStep('Configure', {
      action: step('Send', (s) => ({ sent_to: s.callback_route })),
      validate: step('Validate', (s) => {
        const result = s.callback_result as { ok?: boolean } | undefined;
        if (!result?.ok) throw new Error('device refused');
        return { validated: true };
      }),
    }),
    done,
  ),
);

const withCallbackTimeout = workflow(
  { key: 'e2e_callback_timeout' },
  steps(
    init,
    callbackStep('Configure', {
      action: step('Send', () => ({})),
      validate: step('Validate', () => ({ validated: true })),
      timeoutSeconds: 1,
    }),
    done,
  ),
);

/** The action answers its own callback before it returns: the fastest external system there can be. */
const withFastCallback = workflow(
  { key: 'e2e_fast_callback', initialInputForm: z.object({ api_url: z.string() }) },
  steps(
    init,
    callbackStep('Configure', {
      action: step('Send and answer', async (s) => {
        const res = await fetch(`${String(s.api_url)}${String(s.callback_route)}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ ok: true, fast: true }),
        });
        return { early_answer_status: res.status };
      }),
      validate: step('Validate', (s) => ({
        validated: (s.callback_result as { ok?: boolean } | undefined)?.ok === true,
      })),
    }),
    done,
  ),
);

/** Sleeps `sleep_ms` in the step "Slow", after writing the worker's pid to `marker` (when given). */
const slow = workflow(
  { key: 'e2e_slow', initialInputForm: z.object({ sleep_ms: z.number().int(), marker: z.string().optional() }) },
  steps(
    init,
    step('Before', () => ({ before: true })),
    step('Slow', async (s, ctx) => {
      if (typeof s.marker === 'string') writeFileSync(s.marker, String(process.pid));
      await sleep(s.sleep_ms as number, ctx.signal);
      return { slept: true };
    }),
    step('After', () => ({ after: true })),
    done,
  ),
);

const aTask = task({ key: 'e2e_task' }, steps(step('Work', () => ({ worked: true }))));

const failingTask = task(
  { key: 'e2e_failing_task' },
  steps(
    step('Check', () => {
      throw new InconsistentDataError('inventory mismatch', { port: 1 });
    }),
  ),
);

const predicated = workflow(
  { key: 'e2e_predicate', runPredicate: () => ({ fail: 'Not now: maintenance window' }) },
  steps(init, done),
);

const rbac = workflow(
  {
    key: 'e2e_rbac',
    authorize: (ctx) => ctx.user?.name === 'alice' || ctx.user?.name === 'bob',
    retryAuthorize: isUser('alice'),
    initialInputForm: z.object({ marker: z.string() }),
  },
  steps(
    init,
    inputStep('Approve', { form: z.object({ ok: z.boolean() }), resumeAuthorize: isUser('bob') }),
    step('Flaky', (s) => {
      failOnce(s, 'first attempt fails');
      return { done: true };
    }),
    done,
  ),
);

/** Retries need `retryAuthorize` (alice); starting needs alice or bob. */
const rbacRetry = workflow(
  {
    key: 'e2e_rbac_retry',
    authorize: (ctx) => ctx.user?.name === 'alice' || ctx.user?.name === 'bob',
    retryAuthorize: isUser('alice'),
    initialInputForm: z.object({ marker: z.string() }),
  },
  steps(
    init,
    step('Flaky', (s) => {
      failOnce(s, 'first attempt fails');
      return { done: true };
    }),
    done,
  ),
);

/** A step group whose first sub-step fails once (file `marker`): its retry restarts the group. */
const groupFlaky = workflow(
  { key: 'e2e_group_flaky', initialInputForm: z.object({ marker: z.string() }) },
  steps(
    init,
    stepGroup(
      'Provision',
      steps(
        step('First', (s) => {
          failOnce(s, 'first sub-step fails');
          return { first: true };
        }),
        step('Second', () => ({ second: true })),
      ),
    ),
    done,
  ),
);

/** A step whose output Postgres cannot store (a NUL character in a JSON string). */
const nulOutput = workflow(
  { key: 'e2e_nul_output' },
  steps(
    init,
    step('Return a NUL', () => ({ raw: 'a\u0000b' })),
    done,
  ),
);

/** A retry step inside a step group that always fails, counting its runs in the file `marker`. */
const groupRetry = workflow(
  { key: 'e2e_group_retry', initialInputForm: z.object({ marker: z.string() }) },
  steps(
    init,
    stepGroup(
      'Poll in a group',
      steps(
        retryStep('Poll', (s) => {
          const marker = String(s.marker);
          const seen = existsSync(marker) ? Number(readFileSync(marker, 'utf8')) : 0;
          writeFileSync(marker, String(seen + 1));
          throw new Error('never ready');
        }),
      ),
    ),
    done,
  ),
);

/** A retry step that fails `failures` times (counted in the file `marker`). */
const retrying = workflow(
  { key: 'e2e_retry', initialInputForm: z.object({ marker: z.string(), failures: z.number().int() }) },
  steps(
    init,
    retryStep('Poll', (s) => {
      const marker = String(s.marker);
      const seen = existsSync(marker) ? Number(readFileSync(marker, 'utf8')) : 0;
      writeFileSync(marker, String(seen + 1));
      if (seen < (s.failures as number)) throw new Error(`not ready (${seen + 1})`);
      return { polled: seen + 1 };
    }),
    done,
  ),
);

// eslint-disable-next-line no-restricted-syntax -- the CLI loads the application from the module's default export
export default defineOrchestrator({
  products: PRODUCTS,
  forms: {
    e2e_contact: function* () {
      const { name } = (yield z.object({ name: z.string().min(2) })) as { name: string };
      const { phone } = (yield z.object({ phone: z.string() })) as { phone: string };
      return { contact: `${name} <${phone}>` };
    },
  },
  workflows: [
    ...PRODUCT_WORKFLOWS,
    linear,
    withForm,
    flaky,
    withInput,
    withCallback,
    withCallbackTimeout,
    withFastCallback,
    slow,
    aTask,
    failingTask,
    predicated,
    rbac,
    rbacRetry,
    retrying,
    groupFlaky,
    nulOutput,
    groupRetry,
  ],
});
