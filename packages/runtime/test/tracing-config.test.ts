// Tracing is off unless OpenTelemetry's standard variables configure an exporter, and then nothing of the SDK is
// loaded; a setting WFO cannot follow is refused with a message that says what to set.
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { tracesExporterOf, TracingConfigError } from '@wfo/runtime';

describe('tracesExporterOf', () => {
  it.each([
    [{}, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, 'otlp'],
    [{ OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: 'http://collector:4318/v1/traces' }, 'otlp'],
    [{ OTEL_TRACES_EXPORTER: 'otlp' }, 'otlp'],
    [{ OTEL_TRACES_EXPORTER: 'console' }, 'console'],
    [{ OTEL_TRACES_EXPORTER: 'none', OTEL_EXPORTER_OTLP_ENDPOINT: 'http://collector:4318' }, undefined],
    [{ OTEL_SDK_DISABLED: 'true', OTEL_TRACES_EXPORTER: 'console' }, undefined],
    [{ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json' }, 'otlp'],
    [
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318',
        OTEL_EXPORTER_OTLP_PROTOCOL: 'grpc',
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
      },
      'otlp',
    ],
  ])('%j → %s', (env, expected) => {
    expect(tracesExporterOf(env)).toBe(expected);
  });

  it('refuses an exporter or a protocol WFO does not ship, naming the variable and what to set', () => {
    expect(() => tracesExporterOf({ OTEL_TRACES_EXPORTER: 'zipkin' })).toThrow(
      new TracingConfigError('OTEL_TRACES_EXPORTER=zipkin is not supported: use otlp, console or none'),
    );
    expect(() =>
      tracesExporterOf({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://c:4318', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf' }),
    ).toThrow(
      /OTEL_EXPORTER_OTLP_PROTOCOL=http\/protobuf is not supported: .* set OTEL_EXPORTER_OTLP_PROTOCOL=http\/json/,
    );
  });
});

describe('startTracing', () => {
  // In a Node process of its own, as `wfo` runs (jest's module registry is not Node's): which modules got loaded.
  const openTelemetryModulesAfterStart = (env: Record<string, string>): { on: boolean; any: boolean; sdk: boolean } => {
    const script = `
      const { startTracing } = require('@wfo/runtime');
      const tracing = startTracing({ serviceName: 'test' });
      const loaded = Object.keys(require.cache).filter((m) => m.includes('@opentelemetry'));
      console.log(JSON.stringify({ on: tracing !== undefined, any: loaded.length > 0, sdk: loaded.some((m) => m.includes('sdk-trace')) }));
      if (tracing) tracing.shutdown();
    `;
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
    const out = execFileSync(process.execPath, ['-e', script], {
      cwd: path.resolve(__dirname, '../../..'),
      env: { ...clean, ...env },
      encoding: 'utf8',
    });
    return JSON.parse(out.trim());
  };

  it('loads no OpenTelemetry module when tracing is off, and the SDK when it is on', () => {
    expect(openTelemetryModulesAfterStart({})).toEqual({ on: false, any: false, sdk: false });
    expect(openTelemetryModulesAfterStart({ OTEL_TRACES_EXPORTER: 'console' })).toEqual({
      on: true,
      any: true,
      sdk: true,
    });
  });
});
