import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { RequestContexts } from './request-span-middleware';
import type { Tracing } from './tracing';
import { WFO_ATTRIBUTES } from './span-attributes';
import { traceparentOf } from './w3c-trace-context';

/**
 * A process start as a PRODUCER span (it produces the process's first step job), child of the request's span. Its
 * `traceparent` goes into the job, so the workers' step spans become its children: one trace per process start.
 */
export function processStartTracer(tracer: Tracer, requests: RequestContexts): Tracing['traceProcessStart'] {
  return async (req, workflowKey, start) => {
    const span = tracer.startSpan(
      `start ${workflowKey}`,
      { kind: SpanKind.PRODUCER, attributes: { [WFO_ATTRIBUTES.workflowKey]: workflowKey } },
      requests.get(req) ?? ROOT_CONTEXT,
    );
    try {
      const processId = await start(traceparentOf(span));
      span.setAttribute(WFO_ATTRIBUTES.processId, processId);
      return processId;
    } catch (err) {
      // Also a form asking for its next page (510): no process was started.
      span.setStatus({ code: SpanStatusCode.ERROR, message: err instanceof Error ? err.message : String(err) });
      throw err;
    } finally {
      span.end();
    }
  };
}
