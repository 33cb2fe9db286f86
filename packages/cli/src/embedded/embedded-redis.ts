import { freePort } from './reachable';
import { startServiceProcess, type EmbeddedService } from './service-process';

/** What to do when no Redis answers and `redis-server` is not installed. */
export const REDIS_NOT_INSTALLED =
  'No Redis answers at 127.0.0.1:6379 and `redis-server` is not on the PATH. Install Redis ' +
  '(Debian/Ubuntu: `sudo apt-get install redis-server`, macOS: `brew install redis`) and run again, ' +
  'or set REDIS_URL=redis://host:port to a Redis of your own.';

/**
 * A Redis of WFO's own: `redis-server` from the PATH on a free port of 127.0.0.1, keeping nothing on disk (WFO keeps
 * nothing in Redis that Postgres cannot rebuild). npm ships no Redis binaries; without one this says what to do.
 */
export async function startEmbeddedRedis(): Promise<EmbeddedService> {
  const port = await freePort();
  return startServiceProcess({
    name: 'Redis',
    url: `redis://127.0.0.1:${port}`,
    command: 'redis-server',
    args: ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    stopSignal: 'SIGTERM',
    forceSignal: 'SIGKILL',
    spawnError: (err) =>
      err.code === 'ENOENT'
        ? new Error(REDIS_NOT_INSTALLED)
        : new Error(`redis-server could not be run: ${err.message}`),
  });
}
