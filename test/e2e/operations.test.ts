// Operations across processes: two `wfo api` and two `wfo worker` on one database and Redis prefix. Schedules fire
// once per tick however many of each run, live events reach the websocket clients of every API instance, worker
// status counts live workers, and /api/metrics shows the deployment's step histograms.
import path from 'node:path';
import WebSocket from 'ws';
import { startWfo, waitFor, type Wfo } from './harness';
import { client, type Client } from './http-client';

let wfo: Wfo;
let api: Client;
let other: { url: string; api: Client };

beforeAll(async () => {
  wfo = await startWfo({ workers: 2, app: path.join(__dirname, 'app/ops-app.ts') });
  api = client(wfo.url);
  const second = await wfo.startApi();
  other = { url: second.url, api: client(second.url) };
}, 90_000);

afterAll(async () => {
  await wfo?.stop();
});

/** A websocket client of an API collecting the frames it receives. */
async function listen(url: string, wsPath = '/api/ws/events') {
  const ws = new WebSocket(url.replace(/^http/, 'ws') + wsPath);
  const frames: string[] = [];
  ws.on('message', (data: Buffer) => frames.push(data.toString()));
  await new Promise((resolve, reject) => {
    ws.once('open', resolve);
    ws.once('error', reject);
  });
  return { ws, frames, messages: () => frames.filter((f) => f.startsWith('{')).map((f) => JSON.parse(f)) };
}

const taskRuns = async (c: Client) =>
  ((await c.get('/api/processes?filter=workflowName,e2e_task')).body as any[]).map((p) => p.started_at as number);

describe('operations with two API instances and two workers', () => {
  it('worker status counts both workers', async () => {
    const status = await waitFor('two workers online', async () => {
      const res = await other.api.get('/api/settings/worker-status');
      return res.body.number_of_workers_online === 2 ? res.body : undefined;
    });
    expect(status).toMatchObject({ executor_type: 'bullmq', number_of_workers_online: 2 });
  });

  it('a websocket client of one API receives the invalidations of a process started on the other, run by a worker', async () => {
    const { ws, frames, messages } = await listen(other.url);
    ws.send('__ping__');
    await waitFor('the pong', async () => (frames.includes('__pong__') ? true : undefined));
    const id = await api.start('e2e_linear');
    await api.waitForStatus(id, 'completed');
    await waitFor('the invalidations of the process', async () => {
      const got = messages().map((m) => m.value);
      const ids = got.filter((v) => v.type === 'processes').map((v) => v.id);
      return ids.includes(id) && ids.includes('LIST') && got.some((v) => v.type === 'processStatusCounts')
        ? true
        : undefined;
    });
    expect(messages().every((m) => m.name === 'invalidateCache')).toBe(true);
    ws.close();
  });

  it('a schedule created through the API fires once per tick, and never again once deleted', async () => {
    const created = await api.post('/api/schedules', {
      workflow_name: 'e2e_task',
      name: 'Every two seconds',
      trigger: 'interval',
      trigger_kwargs: { seconds: 2 },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ message: 'Added to Create Queue', status: 'CREATED' });
    const scheduleId = created.body.schedule_id as string;
    const listed = (await other.api.get('/api/schedules')).body.find((s: any) => s.schedule_id === scheduleId);
    expect(listed).toMatchObject({ workflow_name: 'e2e_task', trigger: 'interval', origin: 'api' });
    expect(listed.next_run_time).toBeGreaterThan(Date.now() / 1000);

    const runs = await waitFor(
      'four ticks',
      async () => {
        const started = await taskRuns(api);
        return started.length >= 4 ? started : undefined;
      },
      30_000,
    );
    // One process per tick: consecutive runs are an interval apart, never two in one tick.
    const sorted = [...runs].sort((a, b) => a - b);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]! - sorted[i - 1]!).toBeGreaterThan(1.5);

    expect((await other.api.delete(`/api/schedules`)).status).toBe(422); // the body names the schedule
    const deleted = await other.api.call('DELETE', '/api/schedules', { schedule_id: scheduleId });
    expect(deleted.status).toBe(200);
    const countAfterDelete = (await taskRuns(api)).length;
    // Three more intervals without a tick (a tick already running when it was deleted may still land once).
    await new Promise((resolve) => setTimeout(resolve, 6_000));
    expect((await taskRuns(api)).length).toBeLessThanOrEqual(countAfterDelete + 1);
    const settled = (await taskRuns(api)).length;
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    expect((await taskRuns(api)).length).toBe(settled);
    expect((await api.get('/api/schedules')).body.some((s: any) => s.schedule_id === scheduleId)).toBe(false);
  }, 60_000);

  it('refuses bad trigger arguments (422) and unknown tasks or schedules (404)', async () => {
    const bad = await api.post('/api/schedules', {
      workflow_name: 'e2e_task',
      trigger: 'interval',
      trigger_kwargs: { secs: 2 },
    });
    expect(bad.status).toBe(422);
    expect(bad.body.detail).toBe('interval: unknown argument(s) secs');
    const cron = await api.post('/api/schedules', {
      workflow_name: 'e2e_task',
      trigger: 'cron',
      trigger_kwargs: { hour: 25 },
    });
    expect(cron.status).toBe(422);
    const unknown = await api.post('/api/schedules', {
      workflow_name: 'nope',
      trigger: 'cron',
      trigger_kwargs: { hour: 1 },
    });
    expect(unknown.status).toBe(404);
    const missing = await api.put('/api/schedules', { schedule_id: '00000000-0000-4000-8000-000000000000', name: 'x' });
    expect(missing.status).toBe(404);
  });

  it('a schedule declared in code is there after start, with its next run time', async () => {
    const declared = (await other.api.get('/api/schedules')).body.find((s: any) => s.name === 'Nightly e2e task');
    expect(declared).toMatchObject({ workflow_name: 'e2e_task', trigger: 'cron', origin: 'code' });
    expect(declared.trigger_kwargs).toEqual({ hour: 3, minute: 15 });
    const next = new Date(declared.next_run_time * 1000);
    expect([next.getUTCHours(), next.getUTCMinutes()]).toEqual([3, 15]);
    expect((await api.call('DELETE', '/api/schedules', { schedule_id: declared.schedule_id })).status).toBe(409);
  });

  it('/api/metrics shows the step duration histogram of a run, and the queue depths', async () => {
    const id = await api.start('e2e_linear');
    await api.waitForStatus(id, 'completed');
    const text = await waitFor('the histogram of step Two', async () => {
      const res = await other.api.get('/api/metrics');
      return typeof res.body === 'string' &&
        res.body.includes('wfo_step_duration_seconds_count{workflow="e2e_linear",step="Two"}')
        ? res.body
        : undefined;
    });
    expect(text).toMatch(/wfo_step_duration_seconds_bucket\{workflow="e2e_linear",step="Two",le="\+Inf"\} [1-9]/);
    expect(text).toMatch(/wfo_queue_jobs\{queue="wfo-steps",state="failed"\} \d+/);
    expect(text).toMatch(
      /wfo_process_count\{last_status="completed",created_by="SYSTEM",is_task="false",product_name="",workflow_name="e2e_linear"/,
    );
    expect(text).toContain('wfo_engine_status{wfo_engine_status="RUNNING"} 1');
  });

  it("translations merge the application labels over WFO's, without authentication", async () => {
    const res = await api.get('/api/translations/en-GB');
    expect(res.status).toBe(200);
    expect(res.body.workflow).toMatchObject({
      e2e_task: 'A task of the tests',
      modify_note: 'Modify subscription note',
    });
    expect((await api.get('/api/translations/english')).status).toBe(422);
  });

  it('the engine-status websocket sends the status at once and at every change', async () => {
    const { ws, messages } = await listen(wfo.url, '/api/settings/ws-status');
    await waitFor('the first status', async () => (messages().length > 0 ? true : undefined));
    expect(messages()[0]).toEqual({
      'engine-status': { global_lock: false, global_status: 'RUNNING', running_processes: expect.any(Number) },
    });
    ws.close();
  });
});
