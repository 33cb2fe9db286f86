/**
 * What tracing costs a step when it is on: the step span observer's start and end (span creation, attributes, the
 * `traceparent` parsed, the batch processor's queue), per step attempt, in process. Exports go to a port nobody
 * listens on, so the figure is the step's own cost, not the export's (which runs in the background, in batches).
 * With tracing off there is no observer at all.
 *
 *   npm run build && npx tsx bench/tracing-span.bench.ts        (BENCH_SPANS, default 200000)
 */
import { ProcessStatus, StepStatus } from '@wfo/engine';
import { startTracing } from '@wfo/runtime';

const SPANS = Number(process.env.BENCH_SPANS ?? 200_000);
const TRACEPARENT = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';

process.env.OTEL_EXPORTER_OTLP_ENDPOINT = 'http://127.0.0.1:9';
const quiet = { debug() {}, info() {}, warn() {}, error() {} };
const tracing = startTracing({ serviceName: 'bench', logger: quiet });
if (!tracing) throw new Error('tracing did not start');
const observer = tracing.stepObserver;

function microsecondsPerSpan(): number {
  const started = process.hrtime.bigint();
  for (let i = 0; i < SPANS; i++) {
    const end = observer.stepStarted({
      processId: 'a2d4c1c4-6a8e-4f37-9d0f-2a4c3f8a9b10',
      workflowKey: 'bench_workflow',
      stepName: 'A step',
      position: i % 10,
      attempt: 0,
      attemptsMade: 0,
      startedAtMs: Date.now(),
      traceparent: TRACEPARENT,
    });
    end?.({
      outcome: { kind: 'continued', status: ProcessStatus.RUNNING },
      stepStatus: StepStatus.SUCCESS,
      durationMs: 1,
    });
  }
  return Number(process.hrtime.bigint() - started) / SPANS / 1000;
}

microsecondsPerSpan(); // warm-up
console.log(
  `step span (start + end), tracing on: ${microsecondsPerSpan().toFixed(1)} µs per step attempt (${SPANS} spans)`,
);
void tracing
  .shutdown()
  .catch(() => undefined)
  .finally(() => process.exit(0));
