// `ctx.signal`: each step gets a signal of its own, fired when its worker shuts down past the grace period. Steps
// commonly add an abort listener and never remove it; on one worker-wide signal those listeners (and the closures
// they hold) piled up for the worker's whole life (the chaos soak found it). Real Postgres and Redis.
import { createTestDatabase, createTestRedisPrefix, type TestDatabase } from '@wfo/db';
import { done, init, step, steps, workflow, type Logger } from '@wfo/engine';
import { createRuntime, registerApplication, type Runtime } from '@wfo/runtime';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const signals: AbortSignal[] = [];
let longStepStarted = false;

/** What many steps do around a wait: listen for the abort, and leave the listener there. */
function listen(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve()));
}

const listening = workflow(
  { key: 'listening', description: 'Steps that listen to ctx.signal' },
  steps(
    init,
    step('One', (_state, ctx) => {
      signals.push(ctx.signal);
      void listen(ctx.signal);
      return { one: true };
    }),
    step('Two', (_state, ctx) => {
      signals.push(ctx.signal);
      void listen(ctx.signal);
      return { two: true };
    }),
    done,
  ),
);

const untilShutdown = workflow(
  { key: 'until_shutdown', description: 'A step that runs until its worker shuts down' },
  steps(
    init,
    step('Wait for the signal', async (_state, ctx) => {
      signals.push(ctx.signal);
      longStepStarted = true;
      await listen(ctx.signal);
      throw new Error('worker shutting down');
    }),
    done,
  ),
);

async function waitFor(probe: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('ctx.signal', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  let closed = false;

  beforeAll(async () => {
    db = await createTestDatabase();
    runtime = createRuntime({
      databaseUrl: db.url,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      prefix: `{${createTestRedisPrefix()}}`,
      workflows: [listening, untilShutdown],
      logger: quiet,
    });
    await registerApplication(runtime.prisma, runtime.workflows, []);
    runtime.createWorker({ concurrency: 2, shutdownGraceMs: 100 }).start();
  });

  afterAll(async () => {
    if (!closed) await runtime?.close();
    await db?.drop();
  });

  it("is each step's own: the listeners a finished step left go with its signal, not onto the worker's", async () => {
    await runtime.processes.start('listening', [{}], { user: 'tester', userModel: null });
    await waitFor(() => signals.length === 2);
    expect(signals[0]).not.toBe(signals[1]);
    expect(signals.every((s) => !s.aborted)).toBe(true);
  });

  it('fires for a running step when the worker shuts down past its grace period', async () => {
    await runtime.processes.start('until_shutdown', [{}], { user: 'tester', userModel: null });
    await waitFor(() => longStepStarted);
    const running = signals[signals.length - 1]!;
    expect(running.aborted).toBe(false);
    closed = true;
    await runtime.close();
    expect(running.aborted).toBe(true);
    // The steps that had finished keep their signals quiet: nothing of theirs runs at shutdown.
    expect(signals.slice(0, 2).every((s) => !s.aborted)).toBe(true);
  });
});
