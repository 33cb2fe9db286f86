import { spawn } from 'node:child_process';
import type { EmbeddedService } from './embedded-postgres';
import { freePort, reachable } from './reachable';

/**
 * A Redis of WFO's own: `redis-server` from the PATH on a free port, keeping nothing on disk (WFO keeps nothing in
 * Redis that Postgres cannot rebuild). npm ships no Redis binaries, so without one installed this explains what to do.
 */
export async function startEmbeddedRedis(): Promise<EmbeddedService> {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: 'ignore',
    },
  );
  const failed = new Promise<never>((_, reject) => {
    child.once('error', () =>
      reject(
        new Error(
          'No Redis answers at 127.0.0.1:6379 and `redis-server` is not installed: install Redis or set REDIS_URL',
        ),
      ),
    );
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10_000;
  while (!(await Promise.race([reachable('127.0.0.1', port), failed]))) {
    if (Date.now() > deadline) throw new Error('redis-server did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
