// A step whose state grows too large fails at that step with a clear message instead of exhausting memory (the
// state is not stored); above the warning threshold the checkpoint commits and a warning names the process.
// Real Postgres and Redis, small limits so the test stays fast.
import { createTestDatabase, createTestRedisPrefix, type TestDatabase } from '@wfo/db';
import { done, init, step, steps, workflow, type Logger } from '@wfo/engine';
import {
  checkStateSize,
  createRuntime,
  loadSnapshot,
  registerApplication,
  StateTooLargeError,
  type Runtime,
} from '@wfo/runtime';

const KiB = 1024;

const growing = workflow(
  { key: 'growing_state', description: 'A state that grows' },
  steps(
    init,
    step('Add 20 KiB', () => ({ medium: 'm'.repeat(20 * KiB) })),
    step('Add 200 KiB', () => ({ large: 'l'.repeat(200 * KiB) })),
    done,
  ),
);

describe('checkStateSize', () => {
  const limits = { warnBytes: 10, maxBytes: 100 };

  it('is ok up to the warning threshold, large above it, and throws above the hard limit', () => {
    expect(checkStateSize(10, limits)).toBe('ok');
    expect(checkStateSize(11, limits)).toBe('large');
    expect(checkStateSize(100, limits)).toBe('large');
    expect(() => checkStateSize(101, limits)).toThrow(StateTooLargeError);
  });
});

describe('a step state over the limits', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  const warnings: Array<{ message: string; fields?: Record<string, unknown> }> = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const logger: Logger = {
      debug() {},
      info() {},
      error() {},
      warn: (message, fields) => warnings.push({ message, fields }),
    };
    runtime = createRuntime({
      databaseUrl: db.url,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      prefix: `{${createTestRedisPrefix()}}`,
      workflows: [growing],
      logger,
      stateSizeLimits: { warnBytes: 10 * KiB, maxBytes: 100 * KiB },
    });
    await registerApplication(runtime.prisma, runtime.workflows, []);
    runtime.createWorker({ concurrency: 2 }).start();
  });

  afterAll(async () => {
    await runtime?.close();
    await db?.drop();
  });

  it('warns above the threshold, then fails the step that goes over the hard limit, storing nothing of it', async () => {
    const processId = await runtime.processes.start('growing_state', [{}], { user: 'tester', userModel: null });
    const deadline = Date.now() + 20_000;
    let snapshot = await loadSnapshot(runtime.prisma, processId);
    while (snapshot?.status !== 'failed' && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      snapshot = await loadSnapshot(runtime.prisma, processId);
    }
    expect(snapshot?.status).toBe('failed');
    expect(snapshot?.lastRow?.name).toBe('Add 200 KiB');
    expect(snapshot?.lastRow?.state).toMatchObject({ class: 'StateTooLargeError' });
    expect(String(snapshot?.lastRow?.state.error)).toMatch(
      /^The process state would be 221 KiB as JSON, over the limit of 100 KiB \(WFO_STATE_MAX_BYTES\): keep large data out of the state/,
    );
    expect(snapshot?.failedReason).toContain('over the limit of 100 KiB');
    // The 20 KiB state was stored, with a warning naming the process.
    expect(snapshot?.lastClearedRow?.name).toBe('Add 20 KiB');
    expect(warnings).toContainEqual({
      message: 'A process state is 21 KiB: keep large data out of the state',
      fields: expect.objectContaining({ processId, stepName: 'Add 20 KiB', warnBytes: 10 * KiB, maxBytes: 100 * KiB }),
    });
    const rows = await runtime.prisma.$queryRaw<Array<{ bytes: number }>>`
      SELECT max(pg_column_size(state))::int AS bytes FROM process_steps WHERE pid = ${processId}::uuid`;
    expect(rows[0]!.bytes).toBeLessThan(100 * KiB);
  });
});
