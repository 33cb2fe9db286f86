// The application the chaos suite runs with `wfo api|worker --app`: one 10-step workflow whose steps sleep a little
// (a random delay up to `max_delay_ms`), and write a line to this worker's execution log when they start and when
// they finish. The suite reads those logs to count how often each step ran (at-least-once execution) and compares
// with the step rows in Postgres (exactly-once checkpoints).
import { appendFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { defineOrchestrator, done, init, step, steps, workflow, type StepContext } from '@wfo/core';
import { installMemoryProbe } from './memory-probe';

export const CHAOS_WORKFLOW = 'chaos_ten_steps';
export const CHAOS_STEP_NAMES = Array.from({ length: 10 }, (_, i) => `Step ${i + 1}`);

// Set by the suite for every worker it starts.
const logDir = process.env.WFO_CHAOS_LOG_DIR;
const logFile = logDir ? path.join(logDir, `worker-${process.pid}.log`) : undefined;
if (logDir) installMemoryProbe(logDir);

/** `<event> <process id> <step name> <worker pid> <epoch ms>`, one line each, appended synchronously. */
function record(event: 'start' | 'end', ctx: StepContext, stepName: string): void {
  if (logFile)
    appendFileSync(logFile, `${event} ${ctx.processId} ${stepName.replace(' ', '_')} ${process.pid} ${Date.now()}\n`);
}

/**
 * Waits like many real steps do: it listens to `ctx.signal` and leaves the listener there. That is safe because
 * each step has a signal of its own; on a worker-wide signal it was a leak the soak found (ADR 0018).
 */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('worker shutting down'));
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(new Error('worker shutting down'));
    });
  });
}

const chaosSteps = CHAOS_STEP_NAMES.map((name, i) =>
  step(name, async (state, ctx) => {
    record('start', ctx, name);
    await sleep(Math.floor(Math.random() * Number(state.max_delay_ms ?? 0)), ctx.signal);
    record('end', ctx, name);
    return { [`step_${i + 1}`]: true };
  }),
);

const chaosWorkflow = workflow(
  {
    key: CHAOS_WORKFLOW,
    description: 'Ten steps with small random delays',
    initialInputForm: z.object({ max_delay_ms: z.number().int().min(0) }),
  },
  steps(init, ...chaosSteps, done),
);

/** One step, for the burst of starts: what matters there is the API. */
const oneStep = workflow(
  { key: 'chaos_one_step', description: 'One step' },
  steps(
    init,
    step('Work', () => ({ worked: true })),
    done,
  ),
);

/** A step that puts `mib` MiB into the state, for the state-size limits. */
const bigState = workflow(
  {
    key: 'chaos_big_state',
    description: 'A step with a large state',
    initialInputForm: z.object({ mib: z.number().min(0).max(64) }),
  },
  steps(
    init,
    step('Grow', (state) => ({ blob: 'x'.repeat(Math.round(Number(state.mib) * 1024 * 1024)) })),
    step('Shrink', () => ({ blob: null })),
    done,
  ),
);

// eslint-disable-next-line no-restricted-syntax -- the CLI loads the application from the module's default export
export default defineOrchestrator({ workflows: [chaosWorkflow, oneStep, bigState] });
