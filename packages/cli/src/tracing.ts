import { pinoLogger, startTracing, type Tracing } from '@wfo/runtime';
import type { Env } from './env';
import type { Lifecycle } from './lifecycle';

/**
 * OpenTelemetry tracing for a `wfo` command when the standard `OTEL_*` variables configure it, else `undefined`
 * (the SDK is not loaded). Opened before anything else so that it closes last: the spans of the steps finished
 * during shutdown are exported too.
 */
export function openTracing(
  serviceName: string,
  env: Env,
  lifecycle: Lifecycle,
  log: (line: string) => void,
): Tracing | undefined {
  const tracing = startTracing({ serviceName, logger: pinoLogger(env.LOG_LEVEL) });
  if (!tracing) return undefined;
  lifecycle.onClose(() => tracing.shutdown());
  log(
    `Tracing on: spans of requests, process starts and steps are exported (service ${serviceName} unless OTEL_SERVICE_NAME says otherwise)`,
  );
  return tracing;
}
