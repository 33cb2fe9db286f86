import { readFileSync } from 'node:fs';
import path from 'node:path';
import { Redis } from 'ioredis';
import { CARRY_MAX_STATE_CHARS } from '@wfo/runtime';
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

const stepNames = (p: any) => p.steps.filter((s: any) => s.status !== 'pending').map((s: any) => [s.name, s.status]);

describe('a linear workflow over HTTP, on a separate worker process', () => {
  it('completes with the full log', async () => {
    const id = await api.start('e2e_linear');
    const p = await api.waitForStatus(id, 'completed');
    expect(stepNames(p)).toEqual([
      ['Start', 'success'],
      ['One', 'success'],
      ['Two', 'success'],
      ['Three', 'success'],
      ['Done', 'complete'],
    ]);
    expect(p.current_state).toMatchObject({ one: 1, two: 2, three: 3, workflow_name: 'e2e_linear', process_id: id });
    expect(p.last_step).toBe('Done');
  });
});

describe('the initial form', () => {
  it('answers 510 with the page, 400 for a bad answer, 422 for a body that is not a list, then 201', async () => {
    const incomplete = await api.post('/api/processes/e2e_form', []);
    expect(incomplete.status).toBe(510);
    expect(incomplete.body).toMatchObject({ type: 'FormNotCompleteError', status: 510, title: 'Form not complete' });
    expect(incomplete.body.form).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: ['name', 'count'],
    });

    const invalid = await api.post('/api/processes/e2e_form', [{ name: 'x', count: 'many' }]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.type).toBe('FormValidationError');
    expect(invalid.body.validation_errors.map((e: any) => e.loc)).toEqual([['name'], ['count']]);

    const notAList = await api.post('/api/processes/e2e_form', { name: 'xy', count: 1 });
    expect(notAList.status).toBe(422);

    const before = (await api.get('/api/processes')).body.length;
    const started = await api.post('/api/processes/e2e_form', [{ name: 'router', count: 2 }]);
    expect(started.status).toBe(201);
    const p = await api.waitForStatus(started.body.id, 'completed');
    expect(p.current_state).toMatchObject({ name: 'router', count: 2, greeting: 'hello router' });
    // The refused attempts created nothing.
    expect((await api.get('/api/processes')).body.length).toBe(before + 1);
  });

  it('answers 404 for an unknown workflow and 412 when the run predicate refuses (creating nothing)', async () => {
    expect((await api.post('/api/processes/no_such_workflow', [{}])).status).toBe(404);
    const refused = await api.post('/api/processes/e2e_predicate', [{}]);
    expect(refused.status).toBe(412);
    expect(refused.body.detail).toContain('maintenance window');
    const listed = (await api.get('/api/processes?filter=workflowName,e2e_predicate')).body;
    expect(listed).toEqual([]);
  });
});

describe('a failing step', () => {
  it('fails at the step, and a retry re-runs it from the last good state', async () => {
    const marker = path.join(wfo.tmp, 'flaky-1');
    const id = await api.start('e2e_flaky', [{ marker }]);
    const failed = await api.waitForStatus(id, 'failed');
    expect(failed.failed_reason).toBe('first attempt fails');
    expect(failed.last_step).toBe('Flaky');
    expect(failed.traceback).toContain('first attempt fails');
    expect(stepNames(failed)).toEqual([
      ['Start', 'success'],
      ['Prepare', 'success'],
      ['Flaky', 'failed'],
    ]);
    // Pending steps start with the failed one.
    expect(failed.steps.filter((s: any) => s.status === 'pending').map((s: any) => s.name)).toEqual(['Flaky', 'Done']);

    expect((await api.put(`/api/processes/${id}/resume`, {})).status).toBe(204);
    const p = await api.waitForStatus(id, 'completed');
    expect(p.current_state).toMatchObject({ fixed: true, saw_prepared: true, prepared: true });
    expect(p.current_state.error).toBeUndefined();
    expect(stepNames(p)).toEqual([
      ['Start', 'success'],
      ['Prepare', 'success'],
      ['Flaky', 'failed'],
      ['Flaky', 'success'],
      ['Done', 'complete'],
    ]);
  });

  it('a retry step waits, is retried with backoff, and completes', async () => {
    const marker = path.join(wfo.tmp, 'retry-1');
    const id = await api.start('e2e_retry', [{ marker, failures: 2 }]);
    const p = await api.waitForStatus(id, 'completed');
    expect(p.current_state.polled).toBe(3);
    const waitingRows = p.steps.filter((s: any) => s.status === 'waiting');
    expect(waitingRows).toHaveLength(2); // the messages differ ("not ready (1)", "(2)"), so no de-duplication
  });

  it('a task that finds inconsistent data gets that status', async () => {
    const id = await api.start('e2e_failing_task');
    const p = await api.waitForStatus(id, 'inconsistent_data');
    expect(p.assignee).toBe('NOC');
  });
});

describe('a suspended input step', () => {
  it('refuses invalid input with 400, then resumes with the answer deep-merged', async () => {
    const id = await api.start('e2e_input');
    const suspended = await api.waitForStatus(id, 'suspended');
    expect(suspended.assignee).toBe('NOC');
    expect(suspended.form).toMatchObject({ type: 'object', required: ['approved', 'comment', 'settings'] });

    const invalid = await api.put(`/api/processes/${id}/resume`, [
      { approved: true, comment: 'x', settings: { vlan: 1 } },
    ]);
    expect(invalid.status).toBe(400);
    expect(invalid.body.validation_errors[0].loc).toEqual(['comment']);
    expect((await api.process(id)).last_status).toBe('suspended');

    const resumed = await api.put(`/api/processes/${id}/resume`, [
      { approved: true, comment: 'looks good', settings: { vlan: 7 } },
    ]);
    expect(resumed.status).toBe(204);
    const p = await api.waitForStatus(id, 'completed');
    expect(p.current_state).toMatchObject({ applied: true, settings: { mtu: 1500, vlan: 7 } });
    expect(stepNames(p)).toContainEqual(['Approve', 'suspend']);
    expect(stepNames(p)).toContainEqual(['Approve', 'success']);
  });

  it('refuses to resume a process in a status that cannot be resumed (409)', async () => {
    const id = await api.start('e2e_linear');
    await api.waitForStatus(id, 'completed');
    const refused = await api.put(`/api/processes/${id}/resume`, [{}]);
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toBe('Resuming a completed workflow is not possible');

    const aborted = await api.start('e2e_input');
    await api.waitForStatus(aborted, 'suspended');
    expect((await api.put(`/api/processes/${aborted}/abort`)).status).toBe(204);
    expect((await api.put(`/api/processes/${aborted}/resume`, [{}])).body.detail).toBe(
      'Resuming a aborted workflow is not possible',
    );
  });
});

describe('a callback step', () => {
  it('round trip: wrong token 404, progress, continue, then 409 once no longer awaiting', async () => {
    const id = await api.start('e2e_callback');
    const awaiting = await api.waitForStatus(id, 'awaiting_callback');
    const route: string = awaiting.current_state.callback_route;
    expect(route).toMatch(new RegExp(`^/api/processes/${id}/callback/[A-Za-z0-9_-]{43}$`));

    expect((await api.post(`/api/processes/${id}/callback/not-the-token`, { ok: true })).status).toBe(404);
    const progress = await api.post(`${route}/progress`, { percent: 40 });
    expect(progress.status).toBe(200);
    expect((await api.process(id)).current_state.callback_progress).toEqual({ percent: 40 });
    const textProgress = await api.post(`${route}/progress`, 'half way', { 'content-type': 'text/plain' });
    expect(textProgress.status).toBe(200);
    expect((await api.process(id)).current_state.callback_progress).toBe('half way');

    expect((await api.post(route, { ok: true })).status).toBe(200);
    const p = await api.waitForStatus(id, 'completed');
    expect(p.current_state).toMatchObject({ callback_result: { ok: true }, validated: true });
    expect(p.current_state.callback_progress).toBeUndefined();
    expect((await api.post(route, { ok: true })).status).toBe(409);
  });

  it('keeps a callback that arrives before the step awaits it', async () => {
    const id = await api.start('e2e_fast_callback', [{ api_url: wfo.url }]);
    const p = await api.waitForStatus(id, 'completed');
    expect(p.current_state).toMatchObject({
      early_answer_status: 200,
      callback_result: { ok: true, fast: true },
      validated: true,
    });
  });

  it('times out: the await fails in place', async () => {
    const id = await api.start('e2e_callback_timeout');
    const p = await api.waitForStatus(id, 'failed', 15_000);
    expect(p.failed_reason).toBe('Callback timed out');
    expect(p.last_step).toBe('Callback timed out');
  });
});

describe('abort and delete', () => {
  it('abort logs "User Aborted"', async () => {
    const id = await api.start('e2e_input');
    await api.waitForStatus(id, 'suspended');
    expect((await api.put(`/api/processes/${id}/abort`)).status).toBe(204);
    const p = await api.process(id);
    expect(p.last_status).toBe('aborted');
    expect(stepNames(p).at(-1)).toEqual(['User Aborted', 'abort']);
  });

  it('deletes a task (204) but not a workflow (400); unknown is 404', async () => {
    const taskId = await api.start('e2e_task');
    await api.waitForStatus(taskId, 'completed');
    expect((await api.delete(`/api/processes/${taskId}`)).status).toBe(204);
    expect((await api.get(`/api/processes/${taskId}`)).status).toBe(404);
    const wfId = await api.start('e2e_linear');
    await api.waitForStatus(wfId, 'completed');
    expect((await api.delete(`/api/processes/${wfId}`)).status).toBe(400);
    expect((await api.delete('/api/processes/00000000-0000-4000-8000-000000000000')).status).toBe(404);
    expect((await api.delete('/api/processes/not-a-uuid')).status).toBe(422);
  });
});

describe('the step queue', () => {
  it('carries ids and at most a small snapshot in a job, and removes completed jobs', async () => {
    const redis = new Redis(wfo.env.REDIS_URL!);
    try {
      const id = await api.start('e2e_input');
      await api.waitForStatus(id, 'suspended');
      // Every step job of this process completes and is removed (BullMQ removes the last one just after its commit).
      await waitFor('the jobs to be removed', async () =>
        (await redis.keys(`${wfo.prefix}:wfo-steps:${id}-*`)).length === 0 ? true : undefined,
      );
      // Catch a job while it exists: ids, and from a worker the snapshot its step starts from (docs/adr/0013).
      const p = await api.start('e2e_slow', [{ sleep_ms: 1500 }]);
      const jobKey = await waitFor('the slow step job', async () => {
        const found = await redis.keys(`${wfo.prefix}:wfo-steps:${p}-*`);
        return found.find((k) => !k.endsWith(':lock') && !k.endsWith(':logs'));
      });
      const data = JSON.parse((await redis.hget(jobKey, 'data'))!);
      expect(['attempt', 'carried', 'processId', 'stepIndex']).toEqual(expect.arrayContaining(Object.keys(data)));
      expect(data.processId).toBe(p);
      // A first step's job carries the initial state; a later one's the row the previous step wrote.
      const carriedJson: string | undefined = data.carried?.row?.stateJson ?? data.carried?.initialStateJson;
      if (data.carried) expect(carriedJson!.length).toBeLessThanOrEqual(CARRY_MAX_STATE_CHARS);
      await api.waitForStatus(p, 'completed');
      expect(await redis.keys(`${wfo.prefix}:wfo-steps:${p}-*`)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});

describe('engine pause', () => {
  it('lets the running step finish, starts no next one, and unpause completes the process', async () => {
    const marker = path.join(wfo.tmp, 'pause-slow');
    const id = await api.start('e2e_slow', [{ sleep_ms: 1500, marker }]);
    await waitFor('the slow step to start', async () =>
      (await import('node:fs')).existsSync(marker) ? true : undefined,
    );
    const paused = await api.put('/api/settings/status', { global_lock: true });
    expect(paused.status).toBe(200);
    expect(paused.body).toMatchObject({ global_lock: true, global_status: 'PAUSING', running_processes: 1 });
    expect((await api.post('/api/processes/e2e_linear', [{}])).status).toBe(503);
    // The lock answers first, before an unknown workflow or a form still to fill in (510 when unlocked).
    expect((await api.post('/api/processes/no_such_workflow', [{}])).status).toBe(503);
    expect((await api.post('/api/processes/e2e_input', [])).status).toBe(503);

    const settled = await waitFor('the engine to be PAUSED', async () => {
      const s = (await api.get('/api/settings/status')).body;
      return s.global_status === 'PAUSED' ? s : undefined;
    });
    expect(settled.running_processes).toBe(0);
    const held = await api.process(id);
    expect(held.last_status).toBe('running');
    expect(stepNames(held).map((s: string[]) => s[0])).toEqual(['Start', 'Before', 'Slow']); // After did not start

    const resumed = await api.put('/api/settings/status', { global_lock: false });
    expect(resumed.body.global_lock).toBe(false);
    const p = await api.waitForStatus(id, 'completed');
    expect(p.current_state.after).toBe(true);
  });
});

describe('resume-all, note and status counts', () => {
  it('retries every failed task in the background and answers how many', async () => {
    const a = await api.start('e2e_failing_task');
    const b = await api.start('e2e_failing_task');
    await api.waitForStatus(a, 'inconsistent_data');
    await api.waitForStatus(b, 'inconsistent_data');
    const res = await api.put('/api/processes/resume-all');
    expect(res.status).toBe(200);
    expect(res.body.count).toBeGreaterThanOrEqual(2);
    // Each retry fails the same way again: the failed row counts the retries instead of adding a row.
    for (const id of [a, b]) {
      await waitFor(`task ${id} to be retried`, async () => {
        const p = await api.process(id);
        const failedRow = p.steps.find((s: any) => s.status === 'failed');
        return p.last_status === 'inconsistent_data' && failedRow?.state.retries === 1 ? true : undefined;
      });
    }
  });

  it('PATCH sets and clears the note', async () => {
    const id = await api.start('e2e_linear');
    const patched = await api.patch(`/api/processes/${id}`, { note: 'checked by NOC' });
    expect(patched.status).toBe(200);
    expect(patched.body.note).toBe('checked by NOC');
    expect((await api.patch(`/api/processes/${id}`, {})).body.note).toBe('checked by NOC'); // {} changes nothing
    expect((await api.patch(`/api/processes/${id}`, { note: '' })).body.note).toBeNull();
    expect((await api.patch(`/api/processes/${id}`, { note: 'x'.repeat(5001) })).status).toBe(422);
  });

  it('counts processes and tasks by status', async () => {
    const res = await api.get('/api/processes/status-counts');
    expect(res.status).toBe(200);
    expect(res.body.process_counts.completed).toBeGreaterThan(0);
    expect(res.body.task_counts.inconsistent_data).toBeGreaterThanOrEqual(2);
  });
});

describe('values the database refuses', () => {
  it('answer 422 and store nothing, whether in a note, a form answer or a step state', async () => {
    const id = await api.start('e2e_linear');
    await api.waitForStatus(id, 'completed');
    const note = await api.patch(`/api/processes/${id}`, { note: 'bad \u0000 note' });
    expect(note.status).toBe(422);
    expect((await api.process(id)).note).toBeNull();
    const form = await api.post('/api/processes/e2e_form', [{ name: 'nul\u0000name', count: 1 }]);
    expect(form.status).toBe(422);
  });

  it('a step whose output the database refuses fails at that step (no endless retries)', async () => {
    const id = await api.start('e2e_nul_output');
    const p = await api.waitForStatus(id, 'failed');
    expect(p.last_step).toBe('Return a NUL');
    expect(p.failed_reason).toMatch(/22P05|Unicode/);
  });
});

describe('standalone forms and the settings overview', () => {
  it('POST /api/forms/{key} answers page by page, then with the result; 404 for an unknown form', async () => {
    expect((await api.post('/api/forms/e2e_contact', [])).status).toBe(510);
    const second = await api.post('/api/forms/e2e_contact', [{ name: 'Ada' }]);
    expect(second.status).toBe(510);
    expect(second.body.form.properties).toHaveProperty('phone');
    expect((await api.post('/api/forms/e2e_contact', [{ name: 'A' }])).status).toBe(400);
    const done_ = await api.post('/api/forms/e2e_contact', [{ name: 'Ada' }, { phone: '123' }]);
    expect(done_.status).toBe(200);
    expect(done_.body).toEqual({ contact: 'Ada <123>' });
    expect((await api.post('/api/forms/nope', [])).status).toBe(404);
  });

  it('GET /api/settings/overview shows the settings in effect', async () => {
    const res = await api.get('/api/settings/overview');
    expect(res.status).toBe(200);
    const names = res.body[0].variables.map((v: any) => v.env_name);
    expect(names).toEqual(expect.arrayContaining(['DATABASE_URL', 'REDIS_URL', 'WFO_QUEUE_PREFIX']));
  });

  it('DELETE /api/settings/cache/{name} clears a known cache and refuses any other name, inherited ones too', async () => {
    expect((await api.get('/api/settings/cache-names')).body).toEqual({ all: expect.any(String) });
    const cleared = await api.delete('/api/settings/cache/all');
    expect(cleared.status).toBe(200);
    expect(typeof cleared.body).toBe('number');
    for (const name of ['nope', 'constructor', 'toString', '__proto__'])
      expect((await api.delete(`/api/settings/cache/${name}`)).status).toBe(400);
  });
});

describe('a retry step inside a step group', () => {
  it('is retried automatically a bounded number of times, then stays waiting', async () => {
    const marker = path.join(wfo.tmp, 'group-retry-count');
    const id = await api.start('e2e_group_retry', [{ marker }]);
    await api.waitForStatus(id, 'waiting');
    // When the automatic attempts run out, the job goes to the failed list (and nothing retries it any more).
    await waitFor(
      'the retries to run out',
      async () => {
        const res = await api.get(
          '/dashboard/queues/api/queues?activeQueue=wfo-steps&status=failed&page=1&jobsPerPage=50',
        );
        const jobs: Array<{ data: { processId: string } }> =
          res.body.queues.find((q: any) => q.name === 'wfo-steps')?.jobs ?? [];
        return jobs.some((j) => j.data.processId === id) ? true : undefined;
      },
      15_000,
    );
    expect(Number(readFileSync(marker, 'utf8'))).toBe(5); // WFO_RETRY_ATTEMPTS defaults to 5
    expect((await api.process(id)).last_status).toBe('waiting');
  });
});
