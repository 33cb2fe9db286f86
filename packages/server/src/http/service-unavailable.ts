import { isTransientError } from '@wfo/db';
import { isRedisUnavailableError } from '@wfo/runtime';
import { HttpError } from './http-error';

/** Seconds a client should wait before trying again while a service is unavailable. */
export const RETRY_AFTER_SECONDS = 5;

/**
 * The 503 for a request that failed because Postgres or Redis is unavailable (stopped, restarting, unreachable,
 * overloaded): the client may try again, and nothing was written (a failed statement writes nothing; a process is
 * committed before it is enqueued, and the reconciler enqueues it if Redis failed). Null for any other error.
 */
export function serviceUnavailable(err: unknown): HttpError | null {
  const which = isTransientError(err) ? 'The database' : isRedisUnavailableError(err) ? 'The queue (Redis)' : null;
  if (!which) return null;
  return new HttpError(503, `${which} is unavailable: try again in a few seconds`, {
    headers: { 'Retry-After': String(RETRY_AFTER_SECONDS) },
  });
}
