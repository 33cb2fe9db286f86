// A redis-server of the chaos suite's own, with persistence, so it can be made unreachable (stopped, then started
// again with its data) and emptied without touching the shared Redis.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Redis } from 'ioredis';
import { freePort, reachable } from '@wfo/cli';

export interface OwnRedis {
  readonly url: string;
  /** A client for the suite itself (FLUSHALL, checks). Fails fast while the server is down. */
  readonly client: Redis;
  /** `SHUTDOWN SAVE`: write every key to disk, then exit (nobody can reach it until `start`). */
  stop(): Promise<void>;
  /** Start again on the same port; the server loads what `stop` saved. */
  start(): Promise<void>;
  destroy(): Promise<void>;
}

/** @param opts.password makes the server require it (`requirepass`); the URL carries it. */
export async function startOwnRedis(opts: { password?: string } = {}): Promise<OwnRedis> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wfo-chaos-redis-'));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let exited: Promise<void> = Promise.resolve();
  const start = async () => {
    // RDB only, and only on demand (SHUTDOWN SAVE): what is on disk is exactly what the server held when stopped.
    child = spawn(
      'redis-server',
      [
        ...['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'],
        ...(opts.password ? ['--requirepass', opts.password] : []),
      ],
      { stdio: 'ignore' },
    );
    const current = child;
    exited = new Promise((resolve) => current.once('exit', () => resolve()));
    const deadline = Date.now() + 15_000;
    while (!(await reachable('127.0.0.1', port))) {
      if (Date.now() > deadline) throw new Error('redis-server did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    // Loading the saved data happens before the server answers PING with PONG.
    const probe = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1, lazyConnect: true, password: opts.password });
    probe.on('error', () => undefined);
    try {
      for (;;) {
        const pong = await probe.ping().catch(() => null);
        if (pong === 'PONG') break;
        if (Date.now() > deadline) throw new Error('redis-server did not finish loading its data');
        await new Promise((r) => setTimeout(r, 50));
      }
    } finally {
      probe.disconnect();
    }
  };
  await start();
  const client = new Redis(port, '127.0.0.1', {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    password: opts.password,
  });
  client.on('error', () => undefined);
  const stop = async () => {
    const admin = new Redis(port, '127.0.0.1', {
      maxRetriesPerRequest: 1,
      retryStrategy: () => null,
      password: opts.password,
    });
    admin.on('error', () => undefined);
    await admin.call('SHUTDOWN', 'SAVE').catch(() => undefined); // the connection closes as the server exits
    admin.disconnect();
    await exited;
    child = null;
  };
  return {
    url: `redis://${opts.password ? `:${encodeURIComponent(opts.password)}@` : ''}127.0.0.1:${port}`,
    client,
    stop,
    async start() {
      await start();
      // The suite's own client fails fast: wait until it has reconnected too.
      const deadline = Date.now() + 15_000;
      while (client.status !== 'ready') {
        if (Date.now() > deadline) throw new Error('the Redis client did not reconnect');
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async destroy() {
      client.disconnect();
      if (child) {
        child.kill('SIGKILL');
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
