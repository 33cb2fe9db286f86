import { existsSync } from 'node:fs';
import path from 'node:path';
import { redactPassword } from '@wfo/db';
import { startEmbeddedPostgres } from './embedded/embedded-postgres';
import { startEmbeddedRedis } from './embedded/embedded-redis';
import { reachable } from './embedded/reachable';
import type { EmbeddedService } from './embedded/service-process';
import {
  cleanUpAfterDeadOwner,
  liveServices,
  removeServicesFile,
  SERVICES_FILE,
  writeServicesFile,
  type ServicesRecord,
} from './embedded/services-file';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, type Env } from './env';
import type { Lifecycle } from './lifecycle';

/**
 * What a command may do when neither `DATABASE_URL`/`REDIS_URL`, nor a running `wfo dev`, nor a server on the
 * default port gives it a service:
 * - `start`: start its own (`wfo dev`: the embedded Postgres, `redis-server`), for as long as it runs;
 * - `start-if-created`: start the embedded Postgres only if `wfo dev` created one before (its data folder exists),
 *   for the length of the command (`wfo migrate`, `wfo products migrate`: the fix for a refused product change);
 * - `none`: nothing; the command fails saying what to do (`wfo api`, `wfo worker`).
 */
export type WhenMissing = 'start' | 'start-if-created' | 'none';

export interface ServiceNeeds {
  readonly command: string;
  readonly postgres: WhenMissing;
  /** Omitted for commands that use no Redis. */
  readonly redis?: WhenMissing;
}

export interface Connections {
  readonly databaseUrl: string;
  readonly redisUrl: string;
}

const NO_POSTGRES =
  'No Postgres: DATABASE_URL is not set, no `wfo dev` is running here, and nothing answers at 127.0.0.1:5432. ' +
  'Start Postgres (`docker compose up -d`), set DATABASE_URL, or run `wfo dev`, which starts its own.';
const NO_REDIS =
  'No Redis: REDIS_URL is not set, no `wfo dev` is running here, and nothing answers at 127.0.0.1:6379. ' +
  'Start Redis (`docker compose up -d`), set REDIS_URL, or run `wfo dev`, which starts its own.';

/** The folder `wfo dev` keeps its own Postgres and its services file in. */
export function devDirOf(env: Env): string {
  return path.resolve(env.WFO_DEV_DIR);
}

/**
 * Where this command finds Postgres and Redis, in order: `DATABASE_URL`/`REDIS_URL`; the services of a `wfo dev`
 * running here (its services file); a server on the default port of 127.0.0.1; then what `needs` allows. Logs which
 * one is used and why. What it starts is stopped by `lifecycle`, and recorded in the services file while it runs.
 */
export async function connectServices(
  env: Env,
  needs: ServiceNeeds,
  lifecycle: Lifecycle,
  log: (line: string) => void,
): Promise<Connections> {
  const devDir = devDirOf(env);
  cleanUpAfterDeadOwner(devDir, log);
  const running = liveServices(devDir);
  const fromDev = running?.command === 'dev' ? running : undefined;
  const started: { postgres?: EmbeddedService; redis?: EmbeddedService } = {};
  const record = () => {
    const entry = (service?: EmbeddedService) => service && { url: service.url, pid: service.pid };
    const services: ServicesRecord = {
      command: needs.command,
      pid: process.pid,
      postgres: entry(started.postgres),
      redis: entry(started.redis),
    };
    writeServicesFile(devDir, services);
  };
  const own = (service: EmbeddedService) => {
    lifecycle.onClose(() => service.stop());
    lifecycle.failWhen(service.failed);
    if (Object.keys(started).length === 0) lifecycle.onClose(() => removeServicesFile(devDir));
    started[service.name === 'Postgres' ? 'postgres' : 'redis'] = service;
    record();
  };

  let databaseUrl: string;
  if (env.DATABASE_URL) {
    databaseUrl = env.DATABASE_URL;
    log(`Postgres: ${redactPassword(databaseUrl)} (DATABASE_URL)`);
  } else if (fromDev?.postgres) {
    databaseUrl = fromDev.postgres.url;
    log(`Postgres: ${redactPassword(databaseUrl)}, the embedded one of wfo dev (pid ${fromDev.pid}, ${SERVICES_FILE})`);
  } else if (await reachable('127.0.0.1', 5432)) {
    databaseUrl = DEFAULT_DATABASE_URL;
    log(`Postgres: ${databaseUrl} (DATABASE_URL is not set; found at 127.0.0.1:5432)`);
  } else if (running?.postgres) {
    throw new Error(
      `The embedded Postgres in ${path.join(devDir, 'postgres')} is in use by \`wfo ${running.command}\` ` +
        `(pid ${running.pid}): wait for it to finish, or set DATABASE_URL.`,
    );
  } else if (
    needs.postgres === 'start' ||
    (needs.postgres === 'start-if-created' && existsSync(path.join(devDir, 'postgres', 'data', 'PG_VERSION')))
  ) {
    const postgres = await startEmbeddedPostgres(path.join(devDir, 'postgres'), log);
    own(postgres);
    databaseUrl = postgres.url;
    log(
      `Postgres: ${redactPassword(databaseUrl)}, an embedded one (data in ${path.join(devDir, 'postgres')}; ` +
        'none configured or at 127.0.0.1:5432)',
    );
  } else {
    throw new Error(NO_POSTGRES);
  }

  let redisUrl = '';
  if (needs.redis) {
    if (env.REDIS_CLUSTER_NODES) {
      // The runtime connects to the cluster itself (`runtimeConfigOf`); there is no single URL to find.
      log(`Redis: a Redis Cluster (REDIS_CLUSTER_NODES, ${env.REDIS_CLUSTER_NODES.split(',').length} seed nodes)`);
    } else if (env.REDIS_URL) {
      redisUrl = env.REDIS_URL;
      log(`Redis: ${redactPassword(redisUrl)} (REDIS_URL)`);
    } else if (fromDev?.redis) {
      redisUrl = fromDev.redis.url;
      log(`Redis: ${redisUrl}, the one wfo dev started (pid ${fromDev.pid}, ${SERVICES_FILE})`);
    } else if (await reachable('127.0.0.1', 6379)) {
      redisUrl = DEFAULT_REDIS_URL;
      log(`Redis: ${redisUrl} (REDIS_URL is not set; found at 127.0.0.1:6379)`);
    } else if (needs.redis === 'start') {
      const redis = await startEmbeddedRedis();
      own(redis);
      redisUrl = redis.url;
      log(`Redis: ${redisUrl}, a redis-server of its own (none configured or at 127.0.0.1:6379)`);
    } else {
      throw new Error(NO_REDIS);
    }
  }
  return { databaseUrl, redisUrl };
}
