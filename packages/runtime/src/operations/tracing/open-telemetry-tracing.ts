import { diag, DiagLogLevel, type DiagLogger } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { defaultResource, detectResources, envDetector, resourceFromAttributes } from '@opentelemetry/resources';
import { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import { ATTR_SERVICE_NAME } from '@opentelemetry/semantic-conventions';
import type { Logger } from '@wfo/engine';
import { processStartTracer } from './process-start-span';
import { requestSpanMiddleware, RequestContexts } from './request-span-middleware';
import { stepSpanObserver } from './step-span-observer';
import type { Tracing } from './tracing';
import type { TracesExporter } from './tracing-config';

/** The instrumentation scope of WFO's spans. */
const SCOPE = '@wfo/runtime';

/**
 * The OpenTelemetry SDK behind `Tracing`: a tracer provider with a batch span processor (`OTEL_BSP_*`), the sampler
 * of `OTEL_TRACES_SAMPLER`, the resource of `OTEL_SERVICE_NAME`/`OTEL_RESOURCE_ATTRIBUTES`, and the OTLP/HTTP JSON
 * exporter (`OTEL_EXPORTER_OTLP_*`) or the console. Nothing is registered globally: WFO passes its contexts
 * explicitly (the request to the process start, the `traceparent` in the step job), so no context manager
 * patches async hooks, and an application's own OpenTelemetry setup is left alone.
 */
export function openTelemetryTracing(opts: {
  exporter: TracesExporter;
  serviceName: string;
  logger?: Logger;
}): Tracing {
  if (opts.logger) diag.setLogger(diagLoggerOf(opts.logger), DiagLogLevel.WARN);
  const exporter = opts.exporter === 'console' ? new ConsoleSpanExporter() : new OTLPTraceExporter();
  const provider = new BasicTracerProvider({
    resource: defaultResource()
      .merge(resourceFromAttributes({ [ATTR_SERVICE_NAME]: opts.serviceName }))
      .merge(detectResources({ detectors: [envDetector] })),
    spanProcessors: [new BatchSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer(SCOPE);
  const requests = new RequestContexts();
  return {
    requestMiddleware: requestSpanMiddleware(tracer, requests),
    traceProcessStart: processStartTracer(tracer, requests),
    stepObserver: stepSpanObserver(tracer),
    shutdown: () => provider.shutdown(),
  };
}

/** OpenTelemetry's own complaints (an export that failed, a bad `OTEL_*` value) as WFO log lines. */
function diagLoggerOf(logger: Logger): DiagLogger {
  const warn = (message: string) => logger.warn(`OpenTelemetry: ${message}`);
  return { error: warn, warn, info: () => undefined, debug: () => undefined, verbose: () => undefined };
}
