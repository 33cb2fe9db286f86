import type { ExposedSettings } from '@wfo/server';
import { EnvSchema, type Env } from './env';

const MASK = '**********';
/** Settings whose values are secrets (orchestrator-core masks them the same way). */
const SECRET = new Set(['WFO_API_TOKENS']);

const SECRET_PARAMS = /pass|secret|token|key/i;

/** A value with any URL password (and password-like query parameters) masked; an unparsable URL entirely. */
function maskUrl(value: string): string {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  try {
    const url = new URL(value);
    if (url.password) url.password = MASK;
    for (const name of [...url.searchParams.keys()]) if (SECRET_PARAMS.test(name)) url.searchParams.set(name, MASK);
    return url.toString();
  } catch {
    return MASK;
  }
}

/** Each URL of a comma-separated list (REDIS_CLUSTER_NODES) masked. */
function maskUrls(value: string): string {
  return value.includes(',')
    ? value
        .split(',')
        .map((part) => maskUrl(part.trim()))
        .join(',')
    : maskUrl(value);
}

/** The settings in effect for `GET /api/settings/overview`, secrets and passwords masked. */
export function exposedSettingsOf(env: Env): ExposedSettings[] {
  const variables = Object.keys(EnvSchema.shape).map((name) => {
    const value = (env as Record<string, unknown>)[name];
    const shown =
      value === undefined ? null : SECRET.has(name) ? MASK : typeof value === 'string' ? maskUrls(value) : value;
    return { env_name: name, env_value: shown };
  });
  return [{ name: 'wfo', variables }];
}
