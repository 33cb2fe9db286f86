// The step observer seam: every step a worker runs is reported when it starts and when its checkpoint is written,
// with the failure's class and message; a throwing observer never disturbs the step. Real Postgres and Redis.
import { createTestDatabase, createTestRedisPrefix, type TestDatabase } from '@wfo/db';
import { done, init, step, steps, workflow, type Logger } from '@wfo/engine';
import {
  createRuntime,
  registerApplication,
  type ObservedStep,
  type ObservedStepEnd,
  type Runtime,
} from '@wfo/runtime';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

class BrokenLinkError extends Error {
  override readonly name = 'BrokenLinkError';
}

const observed = workflow(
  { key: 'observed', description: 'Observed steps' },
  steps(
    init,
    step('Say hello', (_state, ctx) => {
      ctx.log.info('hello');
      return { greeted: true };
    }),
    step('Break', () => {
      throw new BrokenLinkError('the link is down');
    }),
    done,
  ),
);

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('step observers', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  const started: ObservedStep[] = [];
  const ended: Array<ObservedStep & ObservedStepEnd> = [];
  const logLines: Array<{ message: string; fields: Record<string, unknown> }> = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const logger: Logger = {
      ...quiet,
      child: (bindings) => ({
        ...quiet,
        info: (message, fields) => logLines.push({ message, fields: { ...bindings, ...fields } }),
      }),
    };
    runtime = createRuntime({
      databaseUrl: db.url,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      prefix: `{${createTestRedisPrefix()}}`,
      workflows: [observed],
      logger,
      stepObservers: [
        {
          stepStarted: () => {
            throw new Error('a broken observer');
          },
        },
        {
          stepStarted(step) {
            started.push(step);
            return (end) => ended.push({ ...step, ...end });
          },
        },
      ],
    });
    await registerApplication(runtime.prisma, runtime.workflows, []);
    runtime.createWorker({ concurrency: 2 }).start();
  });

  afterAll(async () => {
    await runtime?.close();
    await db?.drop();
  });

  it('reports each step with its outcome, and a failure with its class and message', async () => {
    const processId = await runtime.processes.start('observed', [{}], { user: 'tester', userModel: null });
    const broken = await waitFor(() => ended.find((e) => e.processId === processId && e.stepName === 'Break'));

    expect(started.filter((s) => s.processId === processId).map((s) => s.stepName)).toEqual([
      'Start',
      'Say hello',
      'Break',
    ]);
    expect(broken).toMatchObject({
      workflowKey: 'observed',
      stepStatus: 'failed',
      outcome: { kind: 'failed' },
      error: { class: 'BrokenLinkError', message: 'the link is down' },
    });
    const hello = ended.find((e) => e.processId === processId && e.stepName === 'Say hello');
    expect(hello).toMatchObject({ stepStatus: 'success', outcome: { kind: 'continued' } });
    expect(hello?.error).toBeUndefined();
    expect(hello?.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('gives the step a logger that names the process, workflow and step on every line', () => {
    const line = logLines.find((l) => l.message === 'hello');
    expect(line?.fields).toMatchObject({ workflowKey: 'observed', stepName: 'Say hello' });
    expect(typeof line?.fields.processId).toBe('string');
  });
});
