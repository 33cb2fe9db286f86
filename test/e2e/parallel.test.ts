// `parallel(name, branches)` (SPEC §9) with real `wfo api` and `wfo worker` processes, over HTTP only.
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createPrisma } from '@wfo/db';
import { startWfo, waitFor, type Wfo } from './harness';
import { client, type Client } from './http-client';

const APP = path.join(__dirname, 'app/beyond-app.ts');
const logged = (steps: any[]) => steps.filter((s: any) => s.status !== 'pending');
const rowNames = (steps: any[]) => logged(steps).map((s: any) => `${s.name}:${s.status}`);

/** How often each step ran, from the `runs.log` the test app's counted steps append to. */
function runCounts(dir: string): Record<string, number> {
  const file = path.join(dir, 'runs.log');
  const counts: Record<string, number> = {};
  if (!existsSync(file)) return counts;
  for (const line of readFileSync(file, 'utf8').split('\n').filter(Boolean)) counts[line] = (counts[line] ?? 0) + 1;
  return counts;
}

/** The detail's branches of the parallel step "Fork", by branch name. */
function branchesOf(p: any): Record<string, any> {
  return Object.fromEntries((p.branches?.Fork ?? []).map((b: any) => [b.branch, b]));
}

/** Wait until the process's branch `branch` has `status`. */
function branchStatus(api: Client, id: string, branch: string, status: string, timeoutMs = 20_000): Promise<any> {
  return waitFor(
    `branch ${branch} of ${id} to be ${status}`,
    async () => {
      const b = branchesOf(await api.process(id))[branch];
      return b?.last_status === status ? b : undefined;
    },
    timeoutMs,
  );
}

describe('parallel branches on two workers of concurrency 1', () => {
  let wfo: Wfo;
  let api: Client;
  beforeAll(async () => {
    wfo = await startWfo({ app: APP, workers: 0 });
    await wfo.startWorker({}, 1);
    await wfo.startWorker({}, 1);
    api = client(wfo.url);
  }, 60_000);
  afterAll(async () => {
    await wfo?.stop();
  });
  const markerDir = () => mkdtempSync(path.join(wfo.tmp, 'run-'));

  /** The Bull dashboard's view of the step queue: the failed jobs of a branch, by name. */
  async function withQueue<T>(use: (queue: Queue) => Promise<T>): Promise<T> {
    const connection = new Redis(wfo.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const queue = new Queue('wfo-steps', { connection, prefix: wfo.prefix });
    try {
      return await use(queue);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  }

  it('runs two branches at the same time, on both workers, and joins their keys', async () => {
    const id = await api.start('e2e_parallel_overlap', [{ work_ms: 1500 }]);
    const p = await api.waitForStatus(id, 'completed', 30_000);
    const { left_run: left, right_run: right } = p.current_state;
    // Each branch's step took 1.5 s, each worker runs one step at a time: the intervals overlap, on two workers.
    expect(left.start).toBeLessThan(right.end);
    expect(right.start).toBeLessThan(left.end);
    expect(left.worker).not.toBe(right.worker);
    expect(p.current_state).toMatchObject({ before: true, after: 2 });
    // orchestrator-core's `steps` stay a list of the process's own steps; the branches show beside them.
    expect(rowNames(p.steps)).toEqual([
      'Start:success',
      'Before:success',
      'Fork:success',
      'After:success',
      'Done:complete',
    ]);
    const branches = branchesOf(p);
    expect(Object.keys(branches).sort()).toEqual(['left', 'right']);
    expect(rowNames(branches.left.steps)).toEqual(['Work left:success']);
    expect(rowNames(branches.right.steps)).toEqual(['Work right:success']);
    expect(branches.left.last_status).toBe('completed');
    // The branches' hidden processes are not listed, nor counted.
    const list = await api.get('/api/processes?range=0,100');
    expect(list.body.map((r: any) => r.process_id)).toEqual([id]);
    expect(list.headers.get('content-range')).toMatch(/\/1$/);
    expect((await api.get('/api/processes/status-counts')).body.process_counts).toEqual({ completed: 1 });
    // A branch's own detail shows it as a process of the branch's steps.
    const leftProcess = await api.process(branches.left.process_id);
    expect(rowNames(leftProcess.steps)).toEqual(['Work left:success']);
  }, 45_000);

  it('a failed branch fails the process at the parallel step; a retry re-runs only that branch', async () => {
    const dir = markerDir();
    const id = await api.start('e2e_parallel_retry', [{ marker_dir: dir }]);
    const failed = await api.waitForStatus(id, 'failed', 30_000);
    expect(failed.last_step).toBe('Fork');
    expect(failed.failed_reason).toContain('branch "flaky" failed at step "Flaky 2": the NMS is not ready');
    const before = branchesOf(failed);
    // The good branch had completed before the process failed: it was not still running.
    expect(before.good.last_status).toBe('completed');
    expect(rowNames(before.good.steps)).toEqual(['Good 1:success', 'Good 2:success']);
    expect(before.flaky.last_status).toBe('failed');
    expect(rowNames(before.flaky.steps)).toEqual(['Flaky 1:success', 'Flaky 2:failed']);
    expect(runCounts(dir)).toEqual({ 'Good 1': 1, 'Good 2': 1, 'Flaky 1': 1, 'Flaky 2': 1 });
    // The dashboard names the failed branch step's job after the workflow, parallel step, branch and step.
    const failedJobs = await withQueue(async (queue) => (await queue.getFailed()).map((j) => j.name));
    expect(failedJobs).toContain('e2e_parallel_retry › Fork › flaky › Flaky 2');

    writeFileSync(path.join(dir, 'fixed'), '');
    expect((await api.put(`/api/processes/${id}/resume`, [])).status).toBe(204);
    const p = await api.waitForStatus(id, 'completed', 30_000);
    // Only the failed step of the failed branch ran again.
    expect(runCounts(dir)).toEqual({ 'Good 1': 1, 'Good 2': 1, 'Flaky 1': 1, 'Flaky 2': 2, After: 1 });
    expect(rowNames(p.steps)).toEqual([
      'Start:success',
      'Fork:failed',
      'Fork:success',
      'After:success',
      'Done:complete',
    ]);
    expect(p.current_state).toMatchObject({ good_1: true, good_2: true, flaky_1: true, flaky_2: true, after: true });
    const after = branchesOf(p);
    expect(rowNames(after.good.steps)).toEqual(['Good 1:success', 'Good 2:success']);
    expect(rowNames(after.flaky.steps)).toEqual(['Flaky 1:success', 'Flaky 2:failed', 'Flaky 2:success']);
  }, 60_000);

  it("the dashboard's retry of a failed branch's job retries that branch, and the process goes on", async () => {
    const dir = markerDir();
    const id = await api.start('e2e_parallel_retry', [{ marker_dir: dir }]);
    const failed = await api.waitForStatus(id, 'failed', 30_000);
    const flakyId: string = branchesOf(failed).flaky.process_id;
    writeFileSync(path.join(dir, 'fixed'), '');
    await withQueue(async (queue) => {
      const job = (await queue.getFailed()).find((j) => j.data.processId === flakyId);
      expect(job?.name).toBe('e2e_parallel_retry › Fork › flaky › Flaky 2');
      await job!.retry();
    });
    const p = await api.waitForStatus(id, 'completed', 30_000);
    expect(runCounts(dir)).toEqual({ 'Good 1': 1, 'Good 2': 1, 'Flaky 1': 1, 'Flaky 2': 2, After: 1 });
    expect(rowNames(p.steps)).toEqual([
      'Start:success',
      'Fork:failed',
      'Fork:success',
      'After:success',
      'Done:complete',
    ]);
  }, 60_000);

  it('two branches changing the same key fail the parallel step, naming the key', async () => {
    const id = await api.start('e2e_parallel_conflict', [{}]);
    const p = await api.waitForStatus(id, 'failed', 30_000);
    expect(p.last_step).toBe('Fork');
    expect(p.failed_reason).toContain('branches "first" and "second" both changed "vlan"');
  }, 45_000);

  it('a retry step inside a branch retries automatically until it succeeds', async () => {
    const dir = markerDir();
    const id = await api.start('e2e_parallel_retry_step', [{ marker_dir: dir }]);
    const p = await api.waitForStatus(id, 'completed', 30_000);
    expect(p.current_state).toMatchObject({ steady: true, eventually: 3 });
    expect(rowNames(branchesOf(p).eventually.steps)).toEqual(['Eventually:waiting', 'Eventually:success']);
  }, 45_000);

  it('a callback step inside a branch is answered on the route in its state', async () => {
    const id = await api.start('e2e_parallel_callback', [{}]);
    const external = await branchStatus(api, id, 'external', 'awaiting_callback');
    expect((await api.process(id)).last_status).toBe('running');
    const route: string = external.current_state.callback_route;
    // The route names the process the user sees; the branch awaiting this token takes the callback.
    expect(route.startsWith(`/api/processes/${id}/callback/`)).toBe(true);
    expect((await api.post(`/api/processes/${id}/callback/not-the-token`, { answer: 1 })).status).toBe(409);
    expect((await api.post(`${route}/progress`, { percent: 50 })).status).toBe(200);
    expect(branchesOf(await api.process(id)).external.current_state.callback_progress).toEqual({ percent: 50 });
    expect((await api.post(route, { answer: 42 })).status).toBe(200);
    const p = await api.waitForStatus(id, 'completed', 30_000);
    expect(p.current_state).toMatchObject({ answer: 42, local: true });
  }, 45_000);

  it('abort stops every branch, a sleeping one included', async () => {
    const id = await api.start('e2e_parallel_sleepy', [{}]);
    await branchStatus(api, id, 'quick', 'completed');
    await waitFor('the nap to sleep', async () => {
      const nap = branchesOf(await api.process(id)).nap;
      return nap?.current_state?.__sleep_until ? true : undefined;
    });
    expect((await api.put(`/api/processes/${id}/abort`)).status).toBe(204);
    await api.waitForStatus(id, 'aborted');
    const nap = await branchStatus(api, id, 'nap', 'aborted');
    expect(rowNames(nap.steps)).toEqual(['Nap:suspend', 'User Aborted:abort']);
  }, 45_000);
});

describe('a join lost between the last branch and its process', () => {
  let wfo: Wfo;
  beforeAll(async () => {
    wfo = await startWfo({ app: APP, workers: 1 });
  }, 60_000);
  afterAll(async () => {
    await wfo?.stop();
  });

  it('the reconciler finds the process once no branch runs, and its parallel step joins', async () => {
    const api = client(wfo.url);
    const id = await api.start('e2e_parallel_sleepy', [{}]);
    await branchStatus(api, id, 'quick', 'completed');
    const nap = await waitFor('the nap to sleep', async () => {
      const b = branchesOf(await api.process(id)).nap;
      return b?.current_state?.__sleep_until ? b : undefined;
    });
    // What a worker dying right after a branch's last checkpoint leaves: every branch stopped, the process still
    // `running` at the parallel step, no job for it, and nobody to join.
    const prisma = createPrisma({ databaseUrl: wfo.db.url });
    try {
      await prisma.$executeRaw`UPDATE processes SET last_status = 'completed' WHERE pid = ${nap.process_id}::uuid`;
    } finally {
      await prisma.$disconnect();
    }
    const p = await api.waitForStatus(id, 'completed', 30_000);
    expect(rowNames(p.steps)).toEqual(['Start:success', 'Fork:success', 'Done:complete']);
    expect(p.current_state).toMatchObject({ quick: true });
  }, 45_000);
});

describe('a branch whose worker is killed mid-step', () => {
  let wfo: Wfo;
  beforeAll(async () => {
    wfo = await startWfo({ app: APP, workers: 2 });
  }, 60_000);
  afterAll(async () => {
    await wfo?.stop();
  });

  it('the process completes on the other worker, with each step committed once', async () => {
    const api = client(wfo.url);
    const dir = mkdtempSync(path.join(wfo.tmp, 'run-'));
    const marker = path.join(dir, 'slow-worker');
    const id = await api.start('e2e_parallel_slow', [{ marker_dir: dir, sleep_ms: 3000 }]);
    const firstPid = await waitFor('the slow step to start', async () =>
      existsSync(marker) ? Number(readFileSync(marker, 'utf8')) : undefined,
    );
    const victim = wfo.workers.find((w) => w.child.pid === firstPid)!;
    expect(victim).toBeDefined();
    victim.child.kill('SIGKILL');
    await victim.exited;

    const p = await api.waitForStatus(id, 'completed', 45_000);
    expect(Number(readFileSync(marker, 'utf8'))).not.toBe(firstPid); // the step ran again elsewhere
    expect(runCounts(dir)).toMatchObject({ 'Slow 1': 1, Slow: 2, 'Slow 3': 1, After: 1 });
    // Ran twice, committed once: one row per step, in the process and in each branch.
    expect(rowNames(p.steps)).toEqual(['Start:success', 'Fork:success', 'After:success', 'Done:complete']);
    const branches = branchesOf(p);
    expect(rowNames(branches.slow.steps)).toEqual(['Slow 1:success', 'Slow:success', 'Slow 3:success']);
    expect(rowNames(branches.fast.steps)).toEqual(['Fast 1:success', 'Fast 2:success']);
    expect(p.current_state).toMatchObject({ slow_1: true, slow: true, slow_3: true, fast_1: true, fast_2: true });
  }, 60_000);
});
