import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startWfo, waitFor, type Wfo } from './harness';
import { client } from './http-client';
import { startOwnRedis, type OwnRedis } from './redis-server';

const rowNames = (p: any) =>
  p.steps.filter((s: any) => s.status !== 'pending').map((s: any) => `${s.name}:${s.status}`);

describe('a worker killed in the middle of a slow step', () => {
  let wfo: Wfo;
  beforeAll(async () => {
    wfo = await startWfo({ workers: 2 });
  }, 60_000);
  afterAll(async () => {
    await wfo?.stop();
  });

  it('the process completes on another worker, with each step committed once', async () => {
    const api = client(wfo.url);
    const marker = path.join(wfo.tmp, 'slow-worker');
    const id = await api.start('e2e_slow', [{ sleep_ms: 3000, marker }]);
    const firstPid = await waitFor('the slow step to start', async () =>
      existsSync(marker) ? Number(readFileSync(marker, 'utf8')) : undefined,
    );
    const victim = wfo.workers.find((w) => w.child.pid === firstPid)!;
    expect(victim).toBeDefined();
    victim.child.kill('SIGKILL');
    await victim.exited;

    const p = await api.waitForStatus(id, 'completed', 30_000);
    expect(Number(readFileSync(marker, 'utf8'))).not.toBe(firstPid); // the step ran again elsewhere
    expect(rowNames(p)).toEqual(['Start:success', 'Before:success', 'Slow:success', 'After:success', 'Done:complete']);
  }, 45_000);
});

describe('Redis flushed while 200 processes run', () => {
  let redis: OwnRedis;
  let wfo: Wfo;
  beforeAll(async () => {
    redis = await startOwnRedis();
    wfo = await startWfo({ workers: 2, env: { REDIS_URL: redis.url } });
  }, 60_000);
  afterAll(async () => {
    await wfo?.stop();
    await redis?.stop();
  });

  it('loses no process and commits no step twice', async () => {
    const api = client(wfo.url);
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) ids.push(await api.start('e2e_slow', [{ sleep_ms: 200 }]));
    await waitFor('some processes to be under way', async () => {
      const running = (await api.get('/api/processes?filter=lastStatus,running&range=0,1')).headers.get(
        'content-range',
      );
      return running && !running.endsWith('/0') ? true : undefined;
    });
    expect(await redis.client.flushall()).toBe('OK');

    await waitFor(
      'all 200 processes to complete',
      async () => {
        const res = await api.get('/api/processes?filter=lastStatus,completed&range=0,1');
        return res.headers.get('content-range')?.endsWith('/200') ? true : undefined;
      },
      90_000,
    );
    for (const id of ids) {
      const p = await api.process(id);
      expect(rowNames(p)).toEqual([
        'Start:success',
        'Before:success',
        'Slow:success',
        'After:success',
        'Done:complete',
      ]);
    }
  }, 120_000);
});

describe('the same step job delivered twice', () => {
  let wfo: Wfo;
  beforeAll(async () => {
    wfo = await startWfo({ workers: 2 });
  }, 60_000);
  afterAll(async () => {
    await wfo?.stop();
  });

  it('runs the step twice at most, but commits one step row', async () => {
    const api = client(wfo.url);
    const marker = path.join(wfo.tmp, 'twice');
    const id = await api.start('e2e_slow', [{ sleep_ms: 1500, marker }]);
    await waitFor('the slow step to start', async () => (existsSync(marker) ? true : undefined));
    // Deliver the same step again, as a second job carrying the same ids (what a stalled re-delivery or the
    // reconciler racing a slow commit amounts to).
    const connection = new Redis(wfo.env.REDIS_URL!, { maxRetriesPerRequest: null });
    const queue = new Queue('wfo-steps', { connection, prefix: wfo.prefix });
    try {
      await queue.add(
        'duplicate',
        { processId: id, stepIndex: 2, attempt: 0 },
        { jobId: `${id}-duplicate`, removeOnComplete: true },
      );
      const p = await api.waitForStatus(id, 'completed');
      expect(rowNames(p)).toEqual([
        'Start:success',
        'Before:success',
        'Slow:success',
        'After:success',
        'Done:complete',
      ]);
      // A stale delivery after the fact changes nothing either.
      await queue.add(
        'stale',
        { processId: id, stepIndex: 1, attempt: 0 },
        { jobId: `${id}-stale`, removeOnComplete: true },
      );
      await waitFor('the stale job to be consumed', async () =>
        (await queue.getJob(`${id}-stale`)) ? undefined : true,
      );
      expect(rowNames(await api.process(id))).toHaveLength(5);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});

describe('retrying a failed step group without the reconciler', () => {
  let wfo: Wfo;
  beforeAll(async () => {
    // The reconciler would eventually rescue a process left without a job: turn it off to see that none is.
    wfo = await startWfo({ workers: 1, env: { WFO_RECONCILE_INTERVAL_MS: '600000' } });
  }, 60_000);
  afterAll(async () => {
    await wfo?.stop();
  });

  it('restarts the group at its first sub-step and goes on at once', async () => {
    const api = client(wfo.url);
    const id = await api.start('e2e_group_flaky', [{ marker: path.join(wfo.tmp, 'group-flaky') }]);
    await api.waitForStatus(id, 'failed');
    expect((await api.put(`/api/processes/${id}/resume`, {})).status).toBe(204);
    const p = await api.waitForStatus(id, 'completed', 5_000);
    expect(p.current_state).toMatchObject({ first: true, second: true });
    expect(rowNames(p)).toEqual(['Start:success', 'Provision:failed', 'Provision:success', 'Done:complete']);
  });
});
