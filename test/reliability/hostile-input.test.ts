// Hostile input, property-based: every operation of /api/openapi.json (so a route added tomorrow is covered by
// itself) gets malformed, mistyped, oversized, deep and NUL-laden bodies under any content type, bad ids and
// injections in the path, and odd query strings. Always: no 5xx, an error answered as JSON is orchestrator-core's
// error body, no stack trace or SQL in any answer, and a refused request changes neither the database nor the queue.
import fc from 'fast-check';
import { changes, fingerprint, type Fingerprint } from './support/fingerprint';
import { hostileRequests, operationsOf, type Operation } from './support/hostile-requests';
import { startInProcessWfo, type InProcessWfo } from './support/in-process-wfo';
import { rawRequest, type RawRequest, type RawResponse } from './support/raw-request';

/** Runs per operation; FAST_CHECK_RUNS raises it for a longer hunt. */
const RUNS = Number(process.env.FAST_CHECK_RUNS ?? 25);

const STACK_TRACE = /\n\s+at .+[(\s].*:\d+:\d+|\.ts:\d+|node_modules|webpack:/;
const SQL_TEXT =
  /\b(SELECT|INSERT INTO|UPDATE|DELETE FROM)\b[\s\S]*\b(FROM|VALUES|SET|WHERE)\b|relation "|syntax error at or near|Invalid `|prisma\./i;

let wfo: InProcessWfo;
let operations: Operation[];

beforeAll(async () => {
  wfo = await startInProcessWfo();
  const doc = (await (await fetch(`${wfo.url}/api/openapi.json`)).json()) as Parameters<typeof operationsOf>[0];
  operations = operationsOf(doc);
}, 90_000);

afterAll(async () => {
  await wfo?.stop();
});

const state = () => fingerprint(wfo.runtime.prisma, wfo.runtime.redis, wfo.prefix);

/** The fingerprint once it stops changing (background work of an accepted write has finished). */
async function settledState(last: Fingerprint): Promise<Fingerprint> {
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const now = await state();
    if (changes(last, now).length === 0) return now;
    last = now;
  }
}

/**
 * What holds for every answer to a hostile request: no 5xx the operation does not document (orchestrator-core's
 * contract has some: 510 for a form with pages to come, 501 for a route it keeps without a function, 503 while the
 * engine is paused), and never a 500; an error is the error body, without internals.
 */
function checkAnswer(op: Operation, req: RawRequest, res: RawResponse): void {
  const where = `${req.method} ${req.target.slice(0, 120)} (${req.headers?.['content-type'] ?? 'no content type'})`;
  if (res.status >= 500 && (res.status === 500 || !op.documented.includes(res.status))) {
    throw new Error(`${where} answered ${res.status}: ${res.text.slice(0, 300)}`);
  }
  if (res.status < 400) return; // a 2xx body may hold stored data, tracebacks of failed steps included
  if (STACK_TRACE.test(res.text)) throw new Error(`${where} answered a stack trace: ${res.text.slice(0, 300)}`);
  if (SQL_TEXT.test(res.text)) throw new Error(`${where} answered SQL: ${res.text.slice(0, 300)}`);
  const isJson = String(res.headers['content-type'] ?? '').startsWith('application/json');
  if (isJson) {
    const body = JSON.parse(res.text) as { detail?: unknown; status?: unknown; title?: unknown };
    if (body.status !== res.status || typeof body.title !== 'string' || !('detail' in body)) {
      throw new Error(
        `${where} answered ${res.status} without orchestrator-core's error body: ${res.text.slice(0, 300)}`,
      );
    }
  }
}

it('the document lists the API (a new route needs nothing here to be covered)', () => {
  expect(operations.length).toBeGreaterThan(30);
  expect(operations.map((o) => `${o.method} ${o.path}`)).toEqual(
    expect.arrayContaining(['POST /api/processes/{workflow_key}', 'PUT /api/processes/{process_id}/resume']),
  );
});

it('every operation answers hostile input with a 4xx error body (or a harmless 2xx), never 5xx, and a refusal writes nothing', async () => {
  let before = await state();
  let lastWrite = 'none';
  const answered = new Map<number, number>();
  for (const op of operations) {
    await fc.assert(
      fc.asyncProperty(hostileRequests(op, wfo.known), async (req) => {
        const res = await rawRequest(wfo.url, req);
        answered.set(res.status, (answered.get(res.status) ?? 0) + 1);
        checkAnswer(op, req, res);
        const after = await state();
        if (res.status >= 400 || req.method === 'GET') {
          const changed = changes(before, after);
          if (changed.length > 0) {
            throw new Error(
              `${req.method} ${req.target.slice(0, 120)} answered ${res.status} but changed ${changed.join(', ')} ` +
                `(the last accepted write: ${lastWrite})`,
            );
          }
        }
        // A write that was accepted may change things (some in the background, as resume-all): that is its job.
        if (res.status < 400 && req.method !== 'GET') {
          lastWrite = `${req.method} ${req.target.slice(0, 120)} ${String(req.body).slice(0, 120)} → ${res.status}`;
          before = await settledState(after);
        } else before = after;
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
  }
  // Prototype pollution through a body or a query would show on every object.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  // The checks above ran on real refusals (a suite that only ever saw 2xx would prove nothing).
  expect([...answered.keys()].filter((s) => s >= 400 && s < 500).length).toBeGreaterThan(3);
}, 600_000);

it('answers a path nobody routes with the same error body', async () => {
  const res = await rawRequest(wfo.url, { method: 'GET', target: '/api/no/such/thing%ZZ?range=10,5' });
  expect(res.status).toBe(404);
  expect(JSON.parse(res.text)).toEqual({ detail: 'Not Found', status: 404, title: 'Not Found' });
});
