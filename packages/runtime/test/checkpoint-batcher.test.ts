// Group commit (docs/adr/0013-step-hot-path.md): checkpoints of steps that finish together share one statement, each
// with its own compare-and-set. Many processes at once complete with exactly their rows; stale writes in a batch
// commit nothing. Real Postgres and Redis.
import { createTestDatabase, createTestRedisPrefix, type TestDatabase } from '@wfo/db';
import { done, init, ProcessStatus, step, steps, StepStatus, workflow, type Logger } from '@wfo/engine';
import { CheckpointBatcher, createRuntime, registerApplication, type Runtime } from '@wfo/runtime';

const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };
const STEPS = 6;
const many = workflow(
  { key: 'many', description: 'No-ops' },
  steps(init, ...Array.from({ length: STEPS - 2 }, (_, i) => step(`No-op ${i + 1}`, () => ({ [`s${i}`]: i }))), done),
);

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('group commit of checkpoints', () => {
  let db: TestDatabase;
  let runtime: Runtime;

  beforeAll(async () => {
    db = await createTestDatabase();
    runtime = createRuntime({
      databaseUrl: db.url,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      prefix: `{${createTestRedisPrefix()}}`,
      workflows: [many],
      logger: quiet,
    });
    await registerApplication(runtime.prisma, runtime.workflows, []);
    runtime.createWorker({ concurrency: 20 }).start();
  });

  afterAll(async () => {
    await runtime?.close();
    await db?.drop();
  });

  it('runs many processes at once to completion, each step row written once', async () => {
    const ids = await Promise.all(
      Array.from({ length: 40 }, () => runtime.processes.start('many', [{}], { user: 'tester', userModel: null })),
    );
    await waitFor(async () =>
      (await runtime.prisma.process.count({ where: { last_status: 'completed' } })) === ids.length ? true : undefined,
    );
    const counts = await runtime.prisma.processStep.groupBy({ by: ['pid'], _count: { _all: true } });
    expect(counts).toHaveLength(ids.length);
    for (const c of counts) expect(c._count._all).toBe(STEPS);
  });

  it('commits nothing for writes whose process moved on, batched or not', async () => {
    const processId = await runtime.processes.start('many', [{}], { user: 'tester', userModel: null });
    await waitFor(async () => {
      const p = await runtime.prisma.process.findUnique({ where: { pid: processId } });
      return p?.last_status === 'completed' ? true : undefined;
    });
    const rows = await runtime.prisma.processStep.count({ where: { pid: processId } });
    const stale = {
      processId,
      expected: { position: 1, attempt: 0, status: ProcessStatus.RUNNING },
      row: {
        kind: 'insert' as const,
        name: 'Late',
        status: StepStatus.SUCCESS,
        state: {},
        createdBy: 'tester',
        startedAt: Date.now() / 1000,
        completedAt: Date.now() / 1000,
      },
      stateJson: '{}',
      process: {
        lastStep: 'Late',
        lastStatus: ProcessStatus.RUNNING,
        assignee: 'SYSTEM' as const,
        failedReason: null,
        traceback: null,
        position: 2,
        attempt: 0,
      },
    };
    const batcher = new CheckpointBatcher(runtime.pool, 1);
    // The first goes alone; the next ones wait for it and go as one batch (two of the same process: two batches).
    const answers = await Promise.all([batcher.commit(stale), batcher.commit(stale), batcher.commit(stale)]);
    expect(answers).toEqual([null, null, null]);
    expect(await runtime.prisma.processStep.count({ where: { pid: processId } })).toBe(rows);
  });

  it('stores in a batch exactly what it was given: quotes, backslashes, newlines and non-ASCII in names and states', async () => {
    const ids = await Promise.all(
      Array.from({ length: 3 }, () => runtime.processes.start('many', [{}], { user: 'tester', userModel: null })),
    );
    await waitFor(async () =>
      (await runtime.prisma.process.count({ where: { pid: { in: ids }, last_status: 'completed' } })) === ids.length
        ? true
        : undefined,
    );
    const state = { quote: 'a "b" \\ c\n\td', unicode: 'ünï ✓ 𝄞', nested: { list: [1.5, null, true, 'x'] } };
    const name = 'Odd "name" \\ ü';
    const writes = await Promise.all(
      ids.map(async (processId) => {
        const p = (await runtime.prisma.process.findUnique({ where: { pid: processId } }))!;
        return {
          processId,
          expected: { position: p.position, attempt: p.attempt, status: ProcessStatus.COMPLETED },
          row: {
            kind: 'insert' as const,
            name,
            status: StepStatus.SUCCESS,
            state,
            createdBy: 'tester "quoted"',
            startedAt: 1_700_000_000.123,
            completedAt: 1_700_000_000.123,
          },
          stateJson: JSON.stringify(state),
          process: {
            lastStep: name,
            lastStatus: ProcessStatus.COMPLETED,
            assignee: 'SYSTEM' as const,
            failedReason: 'reason with "quotes"',
            traceback: null,
            position: p.position + 1,
            attempt: p.attempt,
          },
        };
      }),
    );
    const batcher = new CheckpointBatcher(runtime.pool, 1);
    // The first goes alone, the other two wait for it and go together in one statement.
    const answers = await Promise.all(writes.map((w) => batcher.commit(w)));
    expect(answers.every((a) => a !== null && a.stepId !== '')).toBe(true);
    const rows = await runtime.prisma.processStep.findMany({ where: { pid: { in: ids }, name } });
    expect(rows).toHaveLength(3);
    for (const row of rows) {
      expect(row.state).toEqual(state);
      expect(row.created_by).toBe('tester "quoted"');
      expect(row.started_at.getTime()).toBe(1_700_000_000_123);
    }
    const processes = await runtime.prisma.process.findMany({ where: { pid: { in: ids } } });
    for (const p of processes) expect(p).toMatchObject({ last_step: name, failed_reason: 'reason with "quotes"' });
  });
});
