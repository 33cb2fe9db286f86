import type { Orchestrator } from '@wfo/core';
import { createRuntime, type Runtime, type RuntimeConfig, type Tracing } from '@wfo/runtime';
import type { Env } from './env';
import type { Lifecycle } from './lifecycle';
import { runtimeConfigOf } from './runtime-config';
import type { Connections } from './services';

/** A runtime for the app on these connections (its steps traced when `tracing` is on), closed by `lifecycle`. */
export function openRuntime(
  app: Orchestrator,
  env: Env,
  connections: Connections,
  lifecycle: Lifecycle,
  { tracing, ...overrides }: Partial<RuntimeConfig> & { tracing?: Tracing } = {},
): Runtime {
  const runtime = createRuntime({ ...runtimeConfigOf(app, env, connections, tracing), ...overrides });
  lifecycle.onClose(() => runtime.close());
  return runtime;
}
