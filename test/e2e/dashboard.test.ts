import path from 'node:path';
import { startWfo, waitFor, type Wfo } from './harness';
import { client, type Client } from './http-client';

let wfo: Wfo;
let api: Client;

beforeAll(async () => {
  wfo = await startWfo({ workers: 1 });
  api = client(wfo.url);
}, 60_000);

afterAll(async () => {
  await wfo?.stop();
});

const BOARD = '/dashboard/queues/api/queues';

async function failedJobs(): Promise<Array<{ id: string; name: string; failedReason: string; data: any }>> {
  const res = await api.get(`${BOARD}?activeQueue=wfo-steps&status=failed&page=1&jobsPerPage=50`);
  expect(res.status).toBe(200);
  const queue = res.body.queues.find((q: any) => q.name === 'wfo-steps');
  return queue?.jobs ?? [];
}

const rows = (p: any) =>
  p.steps.filter((s: any) => s.status !== 'pending').map((s: any) => [s.name, s.status, s.created_by]);

describe('the Bull dashboard', () => {
  it('lists a failed step job with its error; retrying it there completes the process like an API retry', async () => {
    const id = await api.start('e2e_flaky', [{ marker: path.join(wfo.tmp, 'dashboard-flaky') }]);
    await api.waitForStatus(id, 'failed');
    const job = await waitFor('the failed job on the dashboard', async () =>
      (await failedJobs()).find((j) => j.data.processId === id),
    );
    expect(job.name).toBe('e2e_flaky › Flaky');
    expect(job.failedReason).toBe('first attempt fails');
    // Ids, and the snapshot the step started from (ADR 0014); a retry reads the process instead of trusting it.
    expect(job.data).toMatchObject({ processId: id, stepIndex: 2, attempt: 0 });

    const retried = await api.put(`${BOARD}/wfo-steps/${encodeURIComponent(job.id)}/retry`);
    expect(retried.status).toBe(204);
    const p = await api.waitForStatus(id, 'completed');
    expect(p.current_state).toMatchObject({ fixed: true, saw_prepared: true });
    expect(rows(p)).toEqual([
      ['Start', 'success', 'SYSTEM'],
      ['Prepare', 'success', 'SYSTEM'],
      ['Flaky', 'failed', 'SYSTEM'],
      ['Flaky', 'success', 'SYSTEM'],
      ['Done', 'complete', 'SYSTEM'],
    ]);
    expect((await failedJobs()).find((j) => j.data.processId === id)).toBeUndefined();
  });

  it('an API retry removes the failed job, so the two views never disagree', async () => {
    const id = await api.start('e2e_flaky', [{ marker: path.join(wfo.tmp, 'api-flaky') }]);
    await api.waitForStatus(id, 'failed');
    await waitFor('the failed job', async () => (await failedJobs()).find((j) => j.data.processId === id));
    expect((await api.put(`/api/processes/${id}/resume?reporter=operator`, {})).status).toBe(204);
    const p = await api.waitForStatus(id, 'completed');
    expect(rows(p).slice(2)).toEqual([
      ['Flaky', 'failed', 'SYSTEM'],
      ['Flaky', 'success', 'operator'],
      ['Done', 'complete', 'operator'],
    ]);
    expect((await failedJobs()).find((j) => j.data.processId === id)).toBeUndefined();
  });

  it('aborting a failed process removes its failed job too', async () => {
    const id = await api.start('e2e_flaky', [{ marker: path.join(wfo.tmp, 'abort-flaky') }]);
    await api.waitForStatus(id, 'failed');
    await waitFor('the failed job', async () => (await failedJobs()).find((j) => j.data.processId === id));
    expect((await api.put(`/api/processes/${id}/abort`)).status).toBe(204);
    expect((await failedJobs()).find((j) => j.data.processId === id)).toBeUndefined();
  });
});
