// Concurrent resume, abort and callback requests on one process, in any order and number (fast-check), with a
// worker running: every answer is a 2xx or a 4xx, and the process ends in one consistent state: at most one
// callback accepted (tokens are single use), nothing but aborts logged after an abort (orchestrator-core logs each
// accepted abort), each step checkpointed once, and no job left for a process that is done.
import fc from 'fast-check';
import { loadSnapshot } from '@wfo/runtime';
import { startInProcessWfo, type InProcessWfo } from './support/in-process-wfo';

const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 12);

let wfo: InProcessWfo;
beforeAll(async () => {
  wfo = await startInProcessWfo({}, true);
}, 90_000);
afterAll(async () => {
  await wfo?.stop();
});

const KINDS = {
  awaiting_callback: { workflow: 'e2e_callback', pages: [{}] },
  suspended: { workflow: 'e2e_input', pages: [{}] },
  failed: { workflow: 'e2e_flaky', pages: [{ marker: '/nonexistent/race/marker' }] },
} as const;
type Kind = keyof typeof KINDS;

const OPERATIONS = ['callback', 'callback', 'wrong-token', 'progress', 'abort', 'retry', 'resume'] as const;
type Op = (typeof OPERATIONS)[number];

const as = { user: 'SYSTEM', userModel: null };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function settledStatus(id: string, kind: Kind): Promise<string> {
  const start = await waitForStatus(id, (s) => s === kind, 20_000);
  if (!start) throw new Error(`process ${id} never reached ${kind}`);
  return start;
}

async function waitForStatus(
  id: string,
  done: (status: string) => boolean,
  timeoutMs: number,
): Promise<string | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const status = (await loadSnapshot(wfo.runtime.prisma, id))?.status;
    if (status && done(status)) return status;
    if (Date.now() > deadline) return undefined;
    await sleep(25);
  }
}

function send(op: Op, id: string, token: string): Promise<number> {
  const json = (method: string, path: string, body: unknown) =>
    fetch(`${wfo.url}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    }).then((r) => r.status);
  switch (op) {
    case 'callback':
      return json('POST', `/api/processes/${id}/callback/${token}`, { ok: true });
    case 'wrong-token':
      return json('POST', `/api/processes/${id}/callback/${token.slice(1)}x`, { ok: true });
    case 'progress':
      return json('POST', `/api/processes/${id}/callback/${token}/progress`, { percent: 50 });
    case 'abort':
      return json('PUT', `/api/processes/${id}/abort`, {});
    case 'retry':
      return json('PUT', `/api/processes/${id}/resume`, {});
    case 'resume':
      return json('PUT', `/api/processes/${id}/resume`, [{ approved: true, comment: 'race', settings: { vlan: 1 } }]);
  }
}

it('ends every race in one consistent state', async () => {
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...(Object.keys(KINDS) as Kind[])),
      fc.array(fc.constantFrom(...OPERATIONS), { minLength: 2, maxLength: 8 }),
      async (kind, ops) => {
        const id = await wfo.runtime.processes.start(KINDS[kind].workflow, [...KINDS[kind].pages], as);
        await settledStatus(id, kind);
        const stored = (await loadSnapshot(wfo.runtime.prisma, id))?.lastRow?.state.__callback_token;
        const token = typeof stored === 'string' ? stored : 'none';
        const answers = await Promise.all(ops.map((op) => send(op, id, token)));

        for (const [i, status] of answers.entries()) {
          if (status >= 500) throw new Error(`${ops[i]} answered ${status} (race ${ops.join(', ')} on ${kind})`);
        }
        const accepted = (op: Op) => ops.filter((o, i) => o === op && answers[i]! < 300).length;
        if (accepted('callback') > 1) throw new Error(`${accepted('callback')} callbacks with one token accepted`);

        // Let the worker finish what the race set off.
        const final = await waitForStatus(
          id,
          (s) => ['completed', 'aborted', 'failed', 'suspended', 'awaiting_callback'].includes(s),
          20_000,
        );
        await sleep(300);
        const snapshot = await loadSnapshot(wfo.runtime.prisma, id);
        if (snapshot?.status !== final) throw new Error(`the process kept moving: ${final} → ${snapshot?.status}`);
        const rows = await wfo.runtime.prisma.processStep.findMany({
          where: { pid: id },
          orderBy: { completed_at: 'asc' },
        });
        const names = rows.map((r) => `${r.name}:${r.status}`);
        // Each accepted abort of a process that is not completed appends "User Aborted" (orchestrator-core's rule,
        // so two aborts racing log two), and nothing but aborts may follow the first.
        const firstAbort = rows.findIndex((r) => r.status === 'abort');
        const aborts = firstAbort < 0 ? 0 : rows.length - firstAbort;
        if (firstAbort >= 0 && rows.slice(firstAbort).some((r) => r.status !== 'abort')) {
          throw new Error(`steps were logged after the abort: ${names.join(', ')}`);
        }
        if (aborts > accepted('abort')) throw new Error(`${aborts} abort rows for ${accepted('abort')} aborts`);
        if ((final === 'aborted') !== aborts > 0) throw new Error(`status ${final} with rows ${names.join(', ')}`);
        const succeeded = rows.filter((r) => r.status === 'success' || r.status === 'complete').map((r) => r.name);
        if (new Set(succeeded).size !== succeeded.length)
          throw new Error(`a step checkpointed twice: ${names.join(', ')}`);
        if (final === 'completed' || final === 'aborted') {
          const jobs = await wfo.runtime.queue.queue.getJobs(['wait', 'active', 'delayed', 'prioritized']);
          const left = jobs.filter((j) => j?.data.processId === id);
          if (left.length > 0) throw new Error(`${left.length} jobs left for a ${final} process`);
        }
      },
    ),
    { numRuns: RUNS, endOnFailure: true },
  );
}, 600_000);
