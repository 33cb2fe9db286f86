/** Where spans go: an OTLP/HTTP (JSON) collector, or standard output (for a look while developing). */
export type TracesExporter = 'otlp' | 'console';

/** A tracing setting WFO cannot follow; the message names the variable and what to set instead. */
export class TracingConfigError extends Error {
  override readonly name = 'TracingConfigError';
}

/**
 * Whether to trace, from OpenTelemetry's standard variables: `OTEL_TRACES_EXPORTER` (`otlp`, `console` or `none`)
 * decides when set; otherwise tracing is on exactly when an OTLP endpoint is configured
 * (`OTEL_EXPORTER_OTLP_ENDPOINT` or `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`). `OTEL_SDK_DISABLED=true` turns it off.
 * `undefined`: off, and nothing of OpenTelemetry is loaded. Pure: reads only `env`.
 */
export function tracesExporterOf(env: Readonly<Record<string, string | undefined>>): TracesExporter | undefined {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return undefined;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim().toLowerCase();
  const endpoint = env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim();
  if (!exporter) return endpoint ? checkProtocol(env, 'otlp') : undefined;
  if (exporter === 'none') return undefined;
  if (exporter === 'console') return 'console';
  if (exporter === 'otlp') return checkProtocol(env, 'otlp');
  throw new TracingConfigError(
    `OTEL_TRACES_EXPORTER=${env.OTEL_TRACES_EXPORTER} is not supported: use otlp, console or none`,
  );
}

/** WFO ships the OTLP/HTTP exporter with JSON bodies only (no protobuf or gRPC dependencies). */
function checkProtocol(env: Readonly<Record<string, string | undefined>>, exporter: 'otlp'): TracesExporter {
  const specific = env.OTEL_EXPORTER_OTLP_TRACES_PROTOCOL?.trim();
  const [name, protocol] = specific
    ? ['OTEL_EXPORTER_OTLP_TRACES_PROTOCOL', specific]
    : ['OTEL_EXPORTER_OTLP_PROTOCOL', env.OTEL_EXPORTER_OTLP_PROTOCOL?.trim()];
  if (protocol && protocol !== 'http/json') {
    throw new TracingConfigError(
      `${name}=${protocol} is not supported: WFO exports traces over OTLP/HTTP with JSON bodies; set ${name}=http/json (every OpenTelemetry Collector accepts it) or unset it`,
    );
  }
  return exporter;
}
