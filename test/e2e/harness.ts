// Starts WFO as users run it: `wfo api` and `wfo worker` as separate processes, against a database and a Redis
// prefix of this test file's own. Tests then drive it over HTTP only.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createTestDatabase, createTestRedisPrefix, type TestDatabase } from '@wfo/db';

const ROOT = path.resolve(__dirname, '../..');
const WFO = path.join(ROOT, 'packages/cli/bin/wfo.js');
export const TEST_APP = path.join(__dirname, 'app/test-app.ts');

export interface WfoProcess {
  readonly child: ChildProcess;
  output(): string;
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>;
}

export interface WfoOptions {
  readonly workers?: number;
  readonly env?: Record<string, string>;
  readonly app?: string;
  /** The API's port (default: any free one). Known before start, so workers can be told the API's URL. */
  readonly apiPort?: number;
  /** Rewrites the test database's URL the processes get (to add a password, say). */
  readonly databaseUrl?: (url: string) => string;
}

export interface Wfo {
  readonly url: string;
  readonly db: TestDatabase;
  readonly prefix: string;
  readonly api: WfoProcess;
  readonly workers: WfoProcess[];
  readonly env: Record<string, string>;
  /** A folder for marker files, removed on stop. */
  readonly tmp: string;
  startWorker(extraEnv?: Record<string, string>, concurrency?: number): Promise<WfoProcess>;
  /** Another `wfo api` on the same database and Redis prefix (stopped with the rest). */
  startApi(extraEnv?: Record<string, string>): Promise<{ url: string; proc: WfoProcess }>;
  stop(): Promise<void>;
}

/** Spawn `wfo <args>` and resolve once its output matches `readyPattern`. */
export function startProcess(
  args: string[],
  env: Record<string, string>,
  readyPattern: RegExp,
  startTimeoutMs = 30_000,
): Promise<{ proc: WfoProcess; match: RegExpMatchArray }> {
  const child = spawn(process.execPath, [WFO, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const proc: WfoProcess = { child, output: () => output, exited };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`wfo ${args[0]} did not start within ${startTimeoutMs / 1000} s:\n${output}`)),
      startTimeoutMs,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(readyPattern);
      if (match) {
        clearTimeout(timer);
        resolve({ proc, match });
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`wfo ${args[0]} exited with ${code}:\n${output}`));
    });
  });
}

export async function startWfo(opts: WfoOptions = {}): Promise<Wfo> {
  const db = await createTestDatabase();
  const prefix = `{${createTestRedisPrefix()}}`;
  const tmp = mkdtempSync(path.join(tmpdir(), 'wfo-e2e-'));
  const env: Record<string, string> = {
    DATABASE_URL: opts.databaseUrl ? opts.databaseUrl(db.url) : db.url,
    REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
    WFO_QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'info',
    OAUTH2_ACTIVE: 'false',
    WFO_STALLED_INTERVAL_MS: '2000',
    WFO_LOCK_DURATION_MS: '2000',
    WFO_RECONCILE_INTERVAL_MS: '1000',
    WFO_RECONCILE_GRACE_MS: '1000',
    WFO_RETRY_BACKOFF_MS: '100',
    WFO_SHUTDOWN_GRACE_MS: '5000',
    // No timers a test did not ask for (the initial schedule's callback sweep would start task processes).
    WFO_INITIAL_SCHEDULE: 'false',
    ...opts.env,
  };
  const app = opts.app ?? TEST_APP;
  const { proc: api, match } = await startProcess(
    ['api', '--app', app, '--port', String(opts.apiPort ?? 0)],
    { ...env, HOST: '127.0.0.1' },
    /listening on (http:\/\/\S+)/,
  );
  const workers: WfoProcess[] = [];
  const startWorker = async (extraEnv: Record<string, string> = {}, concurrency = 10) => {
    const { proc } = await startProcess(
      ['worker', '--app', app, '--concurrency', String(concurrency)],
      { ...env, ...extraEnv },
      /Worker started/,
    );
    workers.push(proc);
    return proc;
  };
  for (let i = 0; i < (opts.workers ?? 1); i++) await startWorker();
  const apis: WfoProcess[] = [];
  const startApi = async (extraEnv: Record<string, string> = {}) => {
    const started = await startProcess(
      ['api', '--app', app, '--port', '0'],
      { ...env, HOST: '127.0.0.1', ...extraEnv },
      /listening on (http:\/\/\S+)/,
    );
    apis.push(started.proc);
    return { url: started.match[1]!, proc: started.proc };
  };
  return {
    url: match[1]!,
    db,
    prefix,
    api,
    workers,
    env,
    tmp,
    startWorker,
    startApi,
    async stop() {
      const all = [api, ...apis, ...workers];
      for (const p of all) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGTERM');
      await Promise.all(all.map((p) => p.exited));
      await db.drop();
      rmSync(tmp, { recursive: true, force: true });
    },
  };
}

/** Poll until `check` returns a value (not undefined), or fail after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: Error | undefined;
  for (;;) {
    try {
      const value = await check();
      if (value !== undefined) return value;
    } catch (err) {
      last = err instanceof Error ? err : new Error(String(err));
    }
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
