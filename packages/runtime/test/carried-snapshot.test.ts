// The snapshot a step job carries for the next step (docs/adr/0013-step-hot-path.md) must be exactly what reading the
// process would give, for plain steps and for step groups (whose sub-steps replace one row); and a carried snapshot
// made stale by an abort commits nothing. Real Postgres and Redis.
import { createTestDatabase, createTestRedisPrefix, type TestDatabase } from '@wfo/db';
import { done, init, step, stepGroup, steps, workflow, type Logger } from '@wfo/engine';
import {
  createRuntime,
  loadSnapshot,
  registerApplication,
  snapshotFromCarried,
  type EnqueueOptions,
  type Runtime,
} from '@wfo/runtime';

let lastRuns = 0;
let failedOnce = false;

const flakyGroup = workflow(
  { key: 'flaky_group', description: 'A group whose first sub-step fails once' },
  steps(
    init,
    stepGroup(
      'Provision',
      steps(
        step('First', () => {
          if (!failedOnce) {
            failedOnce = true;
            throw new Error('first sub-step fails');
          }
          return { first: true };
        }),
        step('Second', () => ({ second: true })),
      ),
    ),
    done,
  ),
);
const quiet: Logger = { debug() {}, info() {}, warn() {}, error() {} };

const carried = workflow(
  { key: 'carried', description: 'Steps and a group' },
  steps(
    init,
    step('First', () => ({ first: 1, nested: { list: [1, 'two', null] } })),
    stepGroup(
      'Group',
      steps(
        step('Inside A', () => ({ a: true })),
        step('Inside B', (s) => ({ b: s.a })),
      ),
    ),
    step('Last', (s) => {
      lastRuns += 1;
      return { sum: Number(s.first) + 1 };
    }),
    done,
  ),
);

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the snapshot a step job carries', () => {
  let db: TestDatabase;
  let runtime: Runtime;
  const comparisons: Array<{ position: number; carried: unknown; read: unknown; data: EnqueueOptions['carried'] }> = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    runtime = createRuntime({
      databaseUrl: db.url,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      prefix: `{${createTestRedisPrefix()}}`,
      workflows: [carried, flakyGroup],
      logger: quiet,
    });
    await registerApplication(runtime.prisma, runtime.workflows, []);
    // Between the checkpoint's commit and the next job's add, the database holds what the next step would read.
    const enqueue = runtime.queue.enqueue.bind(runtime.queue);
    runtime.queue.enqueue = async (processId, token, opts) => {
      if (opts.carried) {
        comparisons.push({
          position: token.position,
          carried: snapshotFromCarried(processId, token, opts.carried),
          read: await loadSnapshot(runtime.prisma, processId),
          data: opts.carried,
        });
      }
      return enqueue(processId, token, opts);
    };
    runtime.createWorker({ concurrency: 1 }).start();
  });

  afterAll(async () => {
    await runtime?.close();
    await db?.drop();
  });

  /** A process of the `carried` workflow, once it completed. */
  async function startAndComplete(): Promise<string> {
    const processId = await runtime.processes.start('carried', [{}], { user: 'tester', userModel: null });
    await waitFor(async () => {
      const p = await runtime.prisma.process.findUnique({ where: { pid: processId } });
      return p?.last_status === 'completed' ? true : undefined;
    });
    return processId;
  }

  it('equals the process as read from Postgres, at every step', async () => {
    await startAndComplete();
    // Every step runs on a carried snapshot: the first from the start (the process `created`, its initial state),
    // then Start, First, group enter, A, B, exit, Last.
    expect(comparisons.map((c) => c.position)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(comparisons[0]!.read).toMatchObject({ status: 'created', lastRow: null, initialState: {} });
    for (const c of comparisons) expect(c.carried).toEqual(c.read);
  });

  it('when stale, commits nothing: the compare-and-set fails and the process is read again', async () => {
    const processId = await startAndComplete();
    const rows = await runtime.prisma.processStep.count({ where: { pid: processId } });
    const runsBefore = lastRuns;
    // The job of "Last" (position 6) delivered again with its carried snapshot, after the process completed.
    const last = comparisons.filter((c) => c.position === 6).at(-1)!;
    await runtime.queue.queue.add(
      'late',
      { processId, stepIndex: 6, attempt: 0, carried: last.data },
      { jobId: `${processId}-late`, removeOnComplete: true },
    );
    await waitFor(async () => ((await runtime.queue.queue.getJob(`${processId}-late`)) ? undefined : true));
    expect(lastRuns).toBe(runsBefore + 1); // at least once: the step ran on the carried snapshot
    expect(await runtime.prisma.processStep.count({ where: { pid: processId } })).toBe(rows);
    const p = await runtime.prisma.process.findUnique({ where: { pid: processId } });
    expect(p?.last_status).toBe('completed');
  });

  it("a start's carried first job delivered late, after the process moved on, runs and commits nothing", async () => {
    const processId = await startAndComplete();
    const rows = await runtime.prisma.processStep.count({ where: { pid: processId } });
    const start = comparisons.filter((c) => c.position === 0).at(-1)!;
    expect(start.data).toMatchObject({ workflowKey: 'carried', actingUser: 'tester' });
    await runtime.queue.queue.add(
      'late start',
      { processId, stepIndex: 0, attempt: 0, carried: start.data },
      { jobId: `${processId}-late-start`, removeOnComplete: true },
    );
    await waitFor(async () => ((await runtime.queue.queue.getJob(`${processId}-late-start`)) ? undefined : true));
    // Its claim on the process (a compare-and-set on `created`, at Start's checkpoint) fails: nothing is written.
    expect(await runtime.prisma.processStep.count({ where: { pid: processId } })).toBe(rows);
    const p = await runtime.prisma.process.findUnique({ where: { pid: processId } });
    expect(p?.last_status).toBe('completed');
  });

  it('equals the process as read after a retry restarted a step group', async () => {
    comparisons.length = 0;
    const processId = await runtime.processes.start('flaky_group', [{}], { user: 'tester', userModel: null });
    const statusIs = (status: string) => async () => {
      const p = await runtime.prisma.process.findUnique({ where: { pid: processId } });
      return p?.last_status === status ? true : undefined;
    };
    await waitFor(statusIs('failed'));
    await runtime.processes.resume(processId, [], { user: 'tester', userModel: null });
    await waitFor(statusIs('completed'));
    for (const c of comparisons) expect(c.carried).toEqual(c.read);
    const rows = await runtime.prisma.processStep.findMany({
      where: { pid: processId },
      orderBy: { completed_at: 'asc' },
    });
    expect(rows.map((r) => `${r.name}:${r.status}`)).toEqual([
      'Start:success',
      'Provision:failed',
      'Provision:success',
      'Done:complete',
    ]);
  });
});
