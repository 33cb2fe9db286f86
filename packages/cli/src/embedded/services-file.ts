import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { commandLineOf, isAlive } from './processes';

/**
 * `<dev dir>/services.json`: the services a `wfo` process started for itself (the embedded Postgres, `redis-server`)
 * and where they listen, while it runs. Other `wfo` commands on the machine read it when `DATABASE_URL`/`REDIS_URL`
 * are unset, so `wfo products migrate` reaches the database `wfo dev` is using.
 */
export interface ServicesRecord {
  /** The `wfo` command that started them (`dev`, `migrate`, `products migrate`) and its process id. */
  readonly command: string;
  readonly pid: number;
  readonly postgres?: { readonly url: string; readonly pid: number };
  readonly redis?: { readonly url: string; readonly pid: number };
}

export const SERVICES_FILE = 'services.json';

function fileOf(devDir: string): string {
  return path.join(devDir, SERVICES_FILE);
}

export function readServicesFile(devDir: string): ServicesRecord | undefined {
  try {
    return JSON.parse(readFileSync(fileOf(devDir), 'utf8')) as ServicesRecord;
  } catch {
    return undefined;
  }
}

export function writeServicesFile(devDir: string, record: ServicesRecord): void {
  mkdirSync(devDir, { recursive: true });
  writeFileSync(fileOf(devDir), `${JSON.stringify(record, null, 2)}\n`);
}

/** Remove the file if it is this process's (another `wfo` may have written its own since). */
export function removeServicesFile(devDir: string): void {
  if (readServicesFile(devDir)?.pid === process.pid) rmSync(fileOf(devDir), { force: true });
}

/** The record of a `wfo` process that is still running, if any. */
export function liveServices(devDir: string): ServicesRecord | undefined {
  const record = readServicesFile(devDir);
  return record && record.pid !== process.pid && isAlive(record.pid) ? record : undefined;
}

/**
 * After a `wfo` that started services died without stopping them (SIGKILL, a crash): stop its `redis-server` if it
 * still runs, and forget the record. (Its Postgres is found through its lock file when the data folder is used again.)
 */
export function cleanUpAfterDeadOwner(devDir: string, log: (line: string) => void): void {
  const record = readServicesFile(devDir);
  if (!record || isAlive(record.pid)) return;
  const redisPid = record.redis?.pid;
  if (redisPid && isAlive(redisPid) && commandLineOf(redisPid)?.includes('redis-server')) {
    process.kill(redisPid, 'SIGTERM');
    log(`Stopped the redis-server an earlier wfo left running (pid ${redisPid})`);
  }
  rmSync(fileOf(devDir), { force: true });
}
