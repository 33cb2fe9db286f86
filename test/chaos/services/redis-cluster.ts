// A Redis Cluster of a test's own: three masters (`redis-server --cluster-enabled yes`) on free local ports, joined
// with `redis-cli --cluster create`, as a managed Redis in cluster mode would be.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Redis } from 'ioredis';
import { freePort, reachable } from '@wfo/cli';

const run = promisify(execFile);

export interface OwnRedisCluster {
  /** `redis://127.0.0.1:<port>` of each master: the value of REDIS_CLUSTER_NODES, comma-separated. */
  readonly nodeUrls: readonly string[];
  stop(): Promise<void>;
}

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`Redis Cluster: ${what} did not happen within ${timeoutMs / 1000} s`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export async function startOwnRedisCluster(masters = 3): Promise<OwnRedisCluster> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wfo-redis-cluster-'));
  const children: ChildProcess[] = [];
  const exits: Promise<unknown>[] = [];
  const ports: number[] = [];
  try {
    for (let i = 0; i < masters; i++) {
      const port = await freePort();
      // The cluster bus needs a port of its own; the default (port + 10000) may be taken or out of range.
      const busPort = await freePort();
      ports.push(port);
      const child = spawn(
        'redis-server',
        [
          '--port',
          String(port),
          '--cluster-port',
          String(busPort),
          '--bind',
          '127.0.0.1',
          '--cluster-enabled',
          'yes',
          '--cluster-config-file',
          `nodes-${port}.conf`,
          '--cluster-node-timeout',
          '5000',
          '--dir',
          dir,
          '--save',
          '',
          '--appendonly',
          'no',
        ],
        { stdio: 'ignore' },
      );
      children.push(child);
      exits.push(new Promise((resolve) => child.once('exit', resolve)));
    }
    for (const port of ports) await waitUntil(`node ${port} listening`, () => reachable('127.0.0.1', port));
    await run(
      'redis-cli',
      ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '0', '--cluster-yes'],
      { timeout: 60_000 },
    );
    for (const port of ports) {
      await waitUntil(`node ${port} reporting cluster_state:ok`, async () => {
        const node = new Redis(port, '127.0.0.1', { maxRetriesPerRequest: 1, lazyConnect: true });
        node.on('error', () => undefined);
        try {
          return String(await node.cluster('INFO')).includes('cluster_state:ok');
        } finally {
          node.disconnect();
        }
      });
    }
  } catch (err) {
    for (const child of children) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  return {
    nodeUrls: ports.map((p) => `redis://127.0.0.1:${p}`),
    async stop() {
      for (const child of children) child.kill('SIGTERM');
      await Promise.all(exits);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
