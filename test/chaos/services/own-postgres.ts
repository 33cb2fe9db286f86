// A Postgres cluster of the chaos suite's own (initdb + pg_ctl in a temp folder, on a free port), so it can stop and
// start it at will without touching the shared server. Postgres refuses to run as root: there, every command runs as
// the `postgres` user, in a folder that user can write.
import { execFile } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { applyMigrations } from '@wfo/db';
import { freePort } from '@wfo/cli';

const run = promisify(execFile);
const BIN = process.env.WFO_PG_BIN ?? '/usr/lib/postgresql/15/bin';

export interface OwnPostgres {
  /** URL of the migrated `wfo` database. */
  readonly url: string;
  readonly port: number;
  /** Stop the server (fast shutdown: open connections are cut, as a crash or a failover would). */
  stop(): Promise<void>;
  /** Start it again on the same port, with its data. */
  start(): Promise<void>;
  /** Stop it and delete its folder. */
  destroy(): Promise<void>;
}

/** Run a Postgres tool, as the `postgres` user when we are root. */
async function pgTool(tool: string, args: string[]): Promise<void> {
  const command = path.join(BIN, tool);
  const asRoot = process.getuid?.() === 0;
  await run(asRoot ? 'runuser' : command, asRoot ? ['-u', 'postgres', '--', command, ...args] : args, {
    timeout: 60_000,
  });
}

export async function startOwnPostgres(opts: { maxConnections?: number } = {}): Promise<OwnPostgres> {
  const dir = mkdtempSync(path.join(tmpdir(), 'wfo-chaos-pg-'));
  chmodSync(dir, 0o777);
  const dataDir = path.join(dir, 'data');
  const port = await freePort();
  await pgTool('initdb', ['-D', dataDir, '-A', 'trust', '-U', 'postgres', '-E', 'UTF8', '--no-sync']);
  const settings = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    `-c max_connections=${opts.maxConnections ?? 300}`,
    // Durability of this throwaway cluster does not matter; speed on a shared machine does.
    '-c fsync=off',
    '-c synchronous_commit=off',
    '-c full_page_writes=off',
  ].join(' ');
  const start = () =>
    pgTool('pg_ctl', ['-D', dataDir, '-l', path.join(dir, 'server.log'), '-o', settings, '-w', 'start']);
  const stop = () => pgTool('pg_ctl', ['-D', dataDir, '-m', 'fast', '-w', 'stop']);
  await start();
  const admin = new Client({ connectionString: `postgresql://postgres@127.0.0.1:${port}/postgres` });
  await admin.connect();
  await admin.query('CREATE DATABASE wfo');
  await admin.end();
  const url = `postgresql://postgres@127.0.0.1:${port}/wfo`;
  await applyMigrations({ databaseUrl: url });
  let running = true;
  return {
    url,
    port,
    async stop() {
      await stop();
      running = false;
    },
    async start() {
      await start();
      running = true;
    },
    async destroy() {
      if (running) await stop().catch(() => undefined);
      running = false;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
