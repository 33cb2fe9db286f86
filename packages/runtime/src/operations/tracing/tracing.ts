import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from '@wfo/engine';
import type { StepObserver } from '../../step-observer';
import type * as OpenTelemetryTracing from './open-telemetry-tracing';
import { tracesExporterOf } from './tracing-config';

/** An HTTP request as the request spans read it: Express adds the matched route and the mount path. */
export type TracedRequest = IncomingMessage & {
  readonly route?: { readonly path?: unknown };
  readonly baseUrl?: string;
};

/**
 * OpenTelemetry spans for one `wfo` process, built only when an exporter is configured (`startTracing`). Nothing
 * here names an OpenTelemetry type, so the API and the runtime hold it without loading OpenTelemetry.
 */
export interface Tracing {
  /**
   * Express middleware: one SERVER span per request, named by method and route template, continuing the caller's
   * trace when the request carries a W3C `traceparent`.
   */
  readonly requestMiddleware: (req: TracedRequest, res: ServerResponse, next: () => void) => void;
  /**
   * One PRODUCER span for a process start, child of `req`'s request span. `start` gets the span's W3C `traceparent`
   * to put in the process's first job, so every step span of the process joins this trace; it returns the process id.
   */
  traceProcessStart(
    req: TracedRequest,
    workflowKey: string,
    start: (traceparent: string) => Promise<string>,
  ): Promise<string>;
  /** One CONSUMER span per step attempt, child of the process span carried in the step job (`ObservedStep.traceparent`). */
  readonly stepObserver: StepObserver;
  /** Export the spans still buffered, then stop. */
  shutdown(): Promise<void>;
}

export interface TracingOptions {
  /** `service.name` unless `OTEL_SERVICE_NAME` (or `OTEL_RESOURCE_ATTRIBUTES`) names it. */
  readonly serviceName: string;
  /** Where OpenTelemetry's own warnings go (an export that failed). */
  readonly logger?: Logger;
}

/**
 * Tracing as OpenTelemetry's standard variables configure it (see `tracesExporterOf`), or `undefined` when they do
 * not: then the OpenTelemetry SDK is never loaded, no span is made and no `traceparent` travels in step jobs.
 * Throws a `TracingConfigError` for a setting WFO cannot follow.
 */
export function startTracing(opts: TracingOptions): Tracing | undefined {
  const exporter = tracesExporterOf(process.env);
  if (!exporter) return undefined;
  // Required here and only here: with tracing off, neither the SDK nor the exporter is ever loaded.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { openTelemetryTracing } = require('./open-telemetry-tracing') as typeof OpenTelemetryTracing;
  return openTelemetryTracing({ exporter, serviceName: opts.serviceName, logger: opts.logger });
}
