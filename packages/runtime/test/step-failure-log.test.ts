// A failing step is logged by the worker (issue 7): each failure at `warn` with the process, workflow, step and
// the error's class and message; a retry step's failure, which leaves it waiting, at `info`. Real Postgres and Redis.
import { createTestDatabase, createTestRedisPrefix, type TestDatabase } from '@wfo/db';
import { done, init, retryStep, step, steps, workflow, type Logger } from '@wfo/engine';
import { createRuntime, registerApplication, stepFailureLog, type Runtime } from '@wfo/runtime';

class LinkDownError extends Error {
  override readonly name = 'LinkDownError';
}

const failing = workflow(
  { key: 'failing', description: 'Fails' },
  steps(
    init,
    step('Configure', () => {
      throw new LinkDownError('the link is down');
    }),
    done,
  ),
);
const flaky = workflow(
  { key: 'flaky', description: 'Waits' },
  steps(
    init,
    retryStep('Poll', () => {
      throw new Error('not ready yet');
    }),
    done,
  ),
);

interface Line {
  level: 'debug' | 'info' | 'warn' | 'error';
  message: string;
  fields: Record<string, unknown>;
}

async function waitFor<T>(probe: () => T | undefined, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the step failure log', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  const lines: Line[] = [];
  const logger: Logger = {
    debug: (message, fields = {}) => lines.push({ level: 'debug', message, fields }),
    info: (message, fields = {}) => lines.push({ level: 'info', message, fields }),
    warn: (message, fields = {}) => lines.push({ level: 'warn', message, fields }),
    error: (message, fields = {}) => lines.push({ level: 'error', message, fields }),
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    runtime = createRuntime({
      databaseUrl: db.url,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      prefix: `{${createTestRedisPrefix()}}`,
      workflows: [failing, flaky],
      logger,
      stepObservers: [stepFailureLog(logger)],
    });
    await registerApplication(runtime.prisma, runtime.workflows, []);
    runtime.createWorker({ concurrency: 2, retryStepAttempts: 2, retryBackoffMs: 50 }).start();
  });

  afterAll(async () => {
    await runtime?.close();
    await db?.drop();
  });

  it('logs a failed step at warn with process, workflow, step, error class and message', async () => {
    const processId = await runtime.processes.start('failing', [{}], { user: 'tester', userModel: null });
    const line = await waitFor(() => lines.find((l) => l.fields.processId === processId && l.level === 'warn'));
    expect(line).toEqual({
      level: 'warn',
      message: 'Step failed',
      fields: {
        processId,
        workflowKey: 'failing',
        stepName: 'Configure',
        errorClass: 'LinkDownError',
        error: 'the link is down',
      },
    });
  });

  it('logs a retry step that waits at info, once per attempt', async () => {
    const processId = await runtime.processes.start('flaky', [{}], { user: 'tester', userModel: null });
    const waiting = () => lines.filter((l) => l.fields.processId === processId);
    await waitFor(() => (waiting().length >= 2 ? true : undefined));
    expect(waiting()[0]).toMatchObject({
      level: 'info',
      message: 'Retry step failed; waiting to be retried',
      fields: { workflowKey: 'flaky', stepName: 'Poll', errorClass: 'Error', error: 'not ready yet' },
    });
    expect(waiting().every((l) => l.level === 'info')).toBe(true);
  });
});
