import path from 'node:path';
import { startWfo, type Wfo } from './harness';
import { client } from './http-client';

let wfo: Wfo;

beforeAll(async () => {
  wfo = await startWfo({
    workers: 1,
    env: {
      OAUTH2_ACTIVE: 'true',
      WFO_API_TOKENS: 'alice-token=alice,bob-token=bob,carol-token=carol',
      WFO_DASHBOARD_USERS: 'alice',
    },
  });
}, 60_000);

afterAll(async () => {
  await wfo?.stop();
});

const as = (token: string) => client(wfo.url, { authorization: `Bearer ${token}` });

describe('authentication and authorization callbacks', () => {
  it('refuses requests without a valid token (401), but not the health check', async () => {
    expect((await client(wfo.url).get('/api/processes')).status).toBe(401);
    expect((await as('wrong').get('/api/processes')).status).toBe(401);
    expect((await client(wfo.url).get('/api/health')).status).toBe(200);
    expect((await client(wfo.url).get('/dashboard/queues/api/queues')).status).toBe(401);
    expect((await as('alice-token').get('/dashboard/queues/api/queues')).status).toBe(200);
    expect((await as('bob-token').get('/dashboard/queues/api/queues')).status).toBe(403); // not a dashboard user
    const overview = (await as('alice-token').get('/api/settings/overview')).body[0].variables;
    expect(overview.find((v: any) => v.env_name === 'WFO_API_TOKENS').env_value).toBe('**********');
  });

  it('start: the workflow authorizer decides (403 with orchestrator-core message)', async () => {
    const refused = await as('carol-token').post('/api/processes/e2e_rbac', [{ marker: 'x' }]);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe("User is not authorized to start 'e2e_rbac' workflow");
  });

  it('resume uses the step resume authorizer; retry the workflow retry authorizer', async () => {
    const alice = as('alice-token');
    const bob = as('bob-token');
    const id = await alice.start('e2e_rbac', [{ marker: path.join(wfo.tmp, 'rbac-marker') }]);
    expect((await alice.waitForStatus(id, 'suspended')).created_by).toBe('alice');

    const aliceResume = await alice.put(`/api/processes/${id}/resume`, [{ ok: true }]);
    expect(aliceResume.status).toBe(403);
    expect(aliceResume.body.detail).toBe('User is not authorized to resume step');
    expect((await bob.put(`/api/processes/${id}/resume`, [{ ok: true }])).status).toBe(204);

    await bob.waitForStatus(id, 'failed');
    // Past the input step, the last step-level callback (Approve's resume authorizer: bob) also guards retries.
    const aliceRetry = await alice.put(`/api/processes/${id}/resume`, {});
    expect(aliceRetry.status).toBe(403);
    expect(aliceRetry.body.detail).toBe('User is not authorized to retry step');
    expect((await bob.put(`/api/processes/${id}/resume`, {})).status).toBe(204);
    const p = await bob.waitForStatus(id, 'completed');
    expect(p.steps.find((s: any) => s.name === 'Flaky' && s.status === 'success').created_by).toBe('bob');
  });
});

describe('retry authorization without step-level callbacks', () => {
  it("uses the workflow's retryAuthorize", async () => {
    const bob = as('bob-token');
    const id = await bob.start('e2e_rbac_retry', [{ marker: path.join(wfo.tmp, 'rbac-retry-marker') }]);
    await bob.waitForStatus(id, 'failed');
    const refused = await bob.put(`/api/processes/${id}/resume`, {});
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe('User is not authorized to retry step');
    expect((await as('alice-token').put(`/api/processes/${id}/resume`, {})).status).toBe(204);
    await bob.waitForStatus(id, 'completed');
  });
});
