// OpenTelemetry traces (issue 9): `wfo api` and `wfo worker` export to a collector at OTEL_EXPORTER_OTLP_ENDPOINT
// (here a fake one, `otlp-receiver.ts`), and a process start is one trace across both: the request span, the
// process-start span under it, and each step attempt's span under that, carried by the `traceparent` in the step
// jobs. Without the OTEL_* variables nothing is traced and the step jobs carry no trace context.
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startWfo, waitFor, type Wfo } from './harness';
import { client } from './http-client';
import { startOtlpReceiver, type OtlpReceiver, type ReceivedSpan } from './otlp-receiver';

const SERVER = 2;
const PRODUCER = 4;
const CONSUMER = 5;
const ERROR = 2;

/** The step jobs left in the failed list of `wfo`'s queue (a failed step's job stays there for a retry). */
async function failedJobData(wfo: Wfo): Promise<Array<Record<string, unknown>>> {
  const connection = new Redis(wfo.env.REDIS_URL!, { maxRetriesPerRequest: null });
  const queue = new Queue('wfo-steps', { connection, prefix: wfo.prefix });
  try {
    return (await queue.getFailed()).map((job) => job.data as Record<string, unknown>);
  } finally {
    await queue.close();
    connection.disconnect();
  }
}

describe('with an OTLP endpoint configured', () => {
  let receiver: OtlpReceiver;
  let wfo: Wfo;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    wfo = await startWfo({
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: receiver.endpoint, OTEL_BSP_SCHEDULE_DELAY: '100' },
    });
  }, 60_000);
  afterAll(async () => {
    await wfo?.stop();
    await receiver?.close();
  });

  const spansOf = (processId: string, count: number) =>
    waitFor(`${count} step spans of ${processId}`, async () => {
      const steps = receiver.spans.filter((s) => s.attributes['wfo.process.id'] === processId && s.kind === CONSUMER);
      return steps.length >= count ? steps : undefined;
    });

  it('exports one trace per process start: request, process start and every step, continuing the caller', async () => {
    // The caller's own trace: the API continues it.
    const callerTraceId = '4bf92f3577b34da6a3ce929d0e0e4736';
    const callerSpanId = '00f067aa0ba902b7';
    const res = await client(wfo.url).post('/api/processes/e2e_linear', [{}], {
      traceparent: `00-${callerTraceId}-${callerSpanId}-01`,
    });
    expect(res.status).toBe(201);
    const id = (res.body as { id: string }).id;
    await client(wfo.url).waitForStatus(id, 'completed');
    // All five step spans (Start … Done): the exporter sends them in batches, so three may arrive before the rest.
    const steps = await spansOf(id, 5);

    const request = await waitFor('the request span', async () =>
      receiver.spans.find((s) => s.name === 'POST /api/processes/:workflow_key' && s.traceId === callerTraceId),
    );
    expect(request).toMatchObject({
      service: 'wfo-api',
      kind: SERVER,
      parentSpanId: callerSpanId,
      attributes: {
        'http.request.method': 'POST',
        'http.route': '/api/processes/:workflow_key',
        'http.response.status_code': 201,
      },
    });
    const start = receiver.spans.find((s) => s.attributes['wfo.process.id'] === id && s.kind === PRODUCER);
    expect(start).toMatchObject({
      service: 'wfo-api',
      name: 'start e2e_linear',
      traceId: callerTraceId,
      parentSpanId: request.spanId,
      attributes: { 'wfo.workflow.key': 'e2e_linear' },
    });

    const byName = (name: string) => steps.find((s) => s.name === name);
    for (const [position, name] of ['One', 'Two', 'Three'].entries()) {
      expect(byName(`e2e_linear › ${name}`)).toMatchObject({
        service: 'wfo-worker',
        traceId: callerTraceId,
        parentSpanId: start!.spanId,
        attributes: {
          'wfo.workflow.key': 'e2e_linear',
          'wfo.step.name': name,
          'wfo.step.position': position + 1,
          'wfo.step.attempt': 0,
          'wfo.job.attempts_made': 0,
          'wfo.step.status': 'success',
        },
      });
    }
    // Every step attempt of the process, in order: each enqueues the next, the last one ends the process.
    const all = (await spansOf(id, 5)).sort(
      (a, b) => (a.attributes['wfo.step.position'] as number) - (b.attributes['wfo.step.position'] as number),
    );
    expect(all.map((s) => [s.name, s.attributes['wfo.step.outcome']])).toEqual([
      ['e2e_linear › Start', 'continued'],
      ['e2e_linear › One', 'continued'],
      ['e2e_linear › Two', 'continued'],
      ['e2e_linear › Three', 'continued'],
      ['e2e_linear › Done', 'stopped'],
    ]);
    expect(new Set(all.map((s) => `${s.traceId}/${s.parentSpanId}`))).toEqual(
      new Set([`${callerTraceId}/${start!.spanId}`]),
    );
    expect(receiver.rejected).toEqual([]);
  });

  it('marks a failed step as an error span with its error, in a trace of its own without a caller', async () => {
    const id = await client(wfo.url).start('e2e_failing_task');
    await client(wfo.url).waitForStatus(id, 'inconsistent_data');
    const step = (await spansOf(id, 2)).find((s) => s.attributes['wfo.step.name'] === 'Check');
    const start = receiver.spans.find((s) => s.attributes['wfo.process.id'] === id && s.kind === PRODUCER)!;
    const request = receiver.spans.find((s) => s.spanId === start.parentSpanId)!;
    expect(request).toMatchObject({ kind: SERVER, parentSpanId: undefined, traceId: start.traceId });
    expect(step).toMatchObject<Partial<ReceivedSpan>>({
      name: 'e2e_failing_task › Check',
      traceId: start.traceId,
      parentSpanId: start.spanId,
      status: { code: ERROR, message: 'InconsistentDataError: inventory mismatch' },
    });
    expect(step!.attributes).toMatchObject({ 'wfo.step.outcome': 'failed', 'wfo.step.status': 'failed' });
    // The failed job keeps the trace context it carried.
    const data = (await failedJobData(wfo)).find((d) => d.processId === id);
    expect(data?.traceparent).toBe(`00-${start.traceId}-${start.spanId}-01`);
  });
});

describe('without OTEL_* variables', () => {
  let receiver: OtlpReceiver;
  let wfo: Wfo;
  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    wfo = await startWfo();
  }, 60_000);
  afterAll(async () => {
    await wfo?.stop();
    await receiver?.close();
  });

  it('traces nothing: the step jobs carry no trace context', async () => {
    const id = await client(wfo.url).start('e2e_failing_task');
    await client(wfo.url).waitForStatus(id, 'inconsistent_data');
    const data = (await failedJobData(wfo)).find((d) => d.processId === id);
    // The ids (and the snapshot a worker's next job carries, ADR 0014), never a trace context.
    expect(data).toMatchObject({ processId: id, stepIndex: 1, attempt: 0 });
    expect(data).not.toHaveProperty('traceparent');
    expect(wfo.api.output()).not.toContain('Tracing on');
    expect(wfo.workers[0]!.output()).not.toContain('Tracing on');
  });
});
