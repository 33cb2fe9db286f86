import type { ExposedSettings } from '@wfo/server';
import { EnvSchema, type Env } from './env';

const MASK = '**********';
/** Settings whose values are secrets (orchestrator-core masks them the same way). */
const SECRET = new Set(['WFO_API_TOKENS']);

/** A URL with its password masked. */
function maskUrl(value: string): string {
  return value.replace(/(\/\/[^:/@]+:)[^@]*@/, `$1${MASK}@`);
}

/** The settings in effect for `GET /api/settings/overview`, secrets and passwords masked. */
export function exposedSettingsOf(env: Env): ExposedSettings[] {
  const variables = Object.keys(EnvSchema.shape).map((name) => {
    const value = (env as Record<string, unknown>)[name];
    const shown =
      value === undefined ? null : SECRET.has(name) ? MASK : typeof value === 'string' ? maskUrl(value) : value;
    return { env_name: name, env_value: shown };
  });
  return [{ name: 'wfo', variables }];
}
