import path from 'node:path';
import { startWfo, type Wfo } from './harness';
import { client } from './http-client';

const APP = path.join(__dirname, 'app/beyond-app.ts');
const logged = (p: any) => p.steps.filter((s: any) => s.status !== 'pending');

describe('a deploy that changes a workflow under a suspended process (SPEC §9)', () => {
  let wfo: Wfo;
  beforeAll(async () => {
    wfo = await startWfo({ app: APP, env: { WFO_TEST_DEFINITION: 'v1' } });
  }, 60_000);
  afterAll(async () => {
    await wfo?.stop();
  });

  it('resumes the process by step name: the step inserted before is not run, the one after is', async () => {
    const v1Api = client(wfo.url);
    const id = await v1Api.start('e2e_evolving', [{}]);
    const suspended = await v1Api.waitForStatus(id, 'suspended');
    const v1Hash = logged(suspended)[0].commit_hash;
    expect(v1Hash).toMatch(/^[0-9a-f]{16}$/);

    // The deploy: v2 workers and API come up, the v1 ones go away.
    const v2 = await wfo.startApi({ WFO_TEST_DEFINITION: 'v2' });
    await wfo.startWorker({ WFO_TEST_DEFINITION: 'v2' });
    for (const old of [wfo.api, wfo.workers[0]!]) {
      old.child.kill('SIGTERM');
      await old.exited;
    }
    const api = client(v2.url);
    // The detail already reads the process against v2: it waits at Confirm, with Notify still to come.
    const before = await api.process(id);
    expect(before.steps.filter((s: any) => s.status === 'pending').map((s: any) => s.name)).toEqual([
      'Confirm',
      'Notify',
      'Done',
    ]);
    expect(before.form?.properties).toHaveProperty('confirmed');

    expect((await api.put(`/api/processes/${id}/resume`, [{ confirmed: true }])).status).toBe(204);
    await api.waitForStatus(id, 'completed');
    const p = await api.process(id);
    expect(logged(p).map((s: any) => `${s.name}:${s.status}`)).toEqual([
      'Start:success',
      'Reserve:success',
      'Confirm:suspend',
      'Confirm:success',
      'Notify:success',
      'Done:complete',
    ]);
    expect(p.current_state).toMatchObject({ reserved: 'v1', confirmed: true, notified: 'v2' });
    expect(p.current_state).not.toHaveProperty('quota_checked');
    // Each row says which definition ran it.
    const hashes = logged(p).map((s: any) => s.commit_hash);
    expect(hashes.slice(0, 3)).toEqual([v1Hash, v1Hash, v1Hash]);
    expect(hashes[4]).toMatch(/^[0-9a-f]{16}$/);
    expect(hashes[4]).not.toBe(v1Hash);
  }, 60_000);
});
