// WFO unchanged on a 3-master Redis Cluster (REDIS_CLUSTER_NODES): the API, a worker and the dashboard run against
// it, a process is created and completes, a failed one is retried and completes, and every key of the queue lies in
// the one slot of the prefix's hash tag.
import path from 'node:path';
import { Cluster } from 'ioredis';
import { startWfo, waitFor, type Wfo } from '../e2e/harness';
import { client, type Client } from '../e2e/http-client';
import { startOwnRedisCluster, type OwnRedisCluster } from '../chaos/services/redis-cluster';

let cluster: OwnRedisCluster;
let wfo: Wfo;
let api: Client;

beforeAll(async () => {
  cluster = await startOwnRedisCluster();
  // An empty REDIS_URL counts as unset: only the cluster is configured.
  wfo = await startWfo({ workers: 2, env: { REDIS_URL: '', REDIS_CLUSTER_NODES: cluster.nodeUrls.join(',') } });
  api = client(wfo.url);
}, 90_000);

afterAll(async () => {
  await wfo?.stop();
  await cluster?.stop();
});

const rows = (p: any) => p.steps.filter((s: any) => s.status !== 'pending').map((s: any) => `${s.name}:${s.status}`);

it('creates a process that completes', async () => {
  const id = await api.start('e2e_linear');
  const p = await api.waitForStatus(id, 'completed');
  expect(rows(p)).toEqual(['Start:success', 'One:success', 'Two:success', 'Three:success', 'Done:complete']);
});

it('retries a failed step from the API, and the process completes', async () => {
  const id = await api.start('e2e_flaky', [{ marker: path.join(wfo.tmp, 'cluster-flaky') }]);
  await api.waitForStatus(id, 'failed');
  expect((await api.put(`/api/processes/${id}/resume`, {})).status).toBe(204);
  const p = await api.waitForStatus(id, 'completed');
  expect(rows(p)).toEqual(['Start:success', 'Prepare:success', 'Flaky:failed', 'Flaky:success', 'Done:complete']);
});

it('resumes a suspended input step and answers a callback', async () => {
  const input = await api.start('e2e_input');
  await api.waitForStatus(input, 'suspended');
  const answer = [{ approved: true, comment: 'fine', settings: { vlan: 7 } }];
  expect((await api.put(`/api/processes/${input}/resume`, answer)).status).toBe(204);
  await api.waitForStatus(input, 'completed');

  const awaiting = await api.start('e2e_callback');
  const p = await api.waitForStatus(awaiting, 'awaiting_callback');
  const route = p.current_state.callback_route as string;
  expect((await api.post(route, { ok: true })).status).toBe(200);
  await api.waitForStatus(awaiting, 'completed');
});

it('serves the engine status, the worker status and the Bull dashboard from the cluster', async () => {
  expect((await api.get('/api/settings/status')).body).toMatchObject({ global_status: 'RUNNING' });
  const workers = await waitFor('both workers to be seen', async () => {
    const status = (await api.get('/api/settings/worker-status')).body;
    return status.number_of_workers_online === 2 ? status : undefined;
  });
  expect(workers.executor_type).toBe('bullmq');
  const dashboard = await api.get('/dashboard/queues/api/queues');
  expect(dashboard.status).toBe(200);
  expect(dashboard.body.queues.map((q: any) => q.name)).toContain('wfo-steps');
  expect((await api.get('/api/health')).status).toBe(200);
});

it('keeps every key of the queue in the slot of the prefix hash tag', async () => {
  const redis = new Cluster([cluster.nodeUrls[0]!]);
  try {
    await new Promise((resolve) => redis.once('ready', resolve));
    const keys: string[] = [];
    for (const node of redis.nodes('master')) {
      keys.push(...(await node.keys(`${wfo.prefix}:*`)));
    }
    expect(keys.length).toBeGreaterThan(0);
    const slots = new Set(await Promise.all(keys.map((k) => redis.cluster('KEYSLOT', k))));
    expect(slots.size).toBe(1);
  } finally {
    redis.disconnect();
  }
});
