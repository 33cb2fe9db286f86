import path from 'node:path';
import { createRuntime } from '@wfo/runtime';
import { startEmbeddedPostgres, type EmbeddedService } from '../embedded/embedded-postgres';
import { startEmbeddedRedis } from '../embedded/embedded-redis';
import { reachable } from '../embedded/reachable';
import { DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, type Env } from '../env';
import { loadApp } from '../load-app';
import { runtimeConfigOf, workerOptionsOf } from '../runtime-config';
import { onShutdown } from '../shutdown';
import { addressOf, listenApi } from './api';
import { migrateCommand } from './migrate';

/**
 * `wfo dev`: migrate, then the API and a worker in one process; authentication off unless configured. Without
 * `DATABASE_URL`/`REDIS_URL` it uses the local defaults when they answer, and otherwise starts its own Postgres
 * (embedded, data in `.wfo/postgres`) and Redis (`redis-server` from the PATH): zero setup for a first run.
 */
export async function devCommand(appPath: string, env: Env, port: number, log: (line: string) => void): Promise<void> {
  const embedded: EmbeddedService[] = [];
  const stopEmbedded = async () => {
    for (const service of embedded.reverse()) await service.stop().catch(() => undefined);
  };
  try {
    let databaseUrl = env.DATABASE_URL;
    if (!databaseUrl) {
      if (await reachable('127.0.0.1', 5432)) databaseUrl = DEFAULT_DATABASE_URL;
      else {
        const pg = await startEmbeddedPostgres(path.resolve('.wfo/postgres'), log);
        embedded.push(pg);
        databaseUrl = pg.url;
        log(`No Postgres configured or at 127.0.0.1:5432: using an embedded one (${pg.url})`);
      }
    }
    let redisUrl = env.REDIS_URL;
    if (!redisUrl && !env.REDIS_CLUSTER_NODES) {
      if (await reachable('127.0.0.1', 6379)) redisUrl = DEFAULT_REDIS_URL;
      else {
        const redis = await startEmbeddedRedis();
        embedded.push(redis);
        redisUrl = redis.url;
        log(`No Redis configured or at 127.0.0.1:6379: started redis-server (${redis.url})`);
      }
    }
    const connected = { ...env, DATABASE_URL: databaseUrl, REDIS_URL: redisUrl ?? DEFAULT_REDIS_URL };
    await migrateCommand(connected.DATABASE_URL, log);
    const app = await loadApp(appPath);
    const runtime = createRuntime(runtimeConfigOf(app, connected));
    const worker = runtime.createWorker(workerOptionsOf(connected));
    const server = await listenApi(runtime, connected, port, false);
    worker.start();
    log(`WFO API listening on ${addressOf(server, connected.HOST)} (dashboard: /dashboard/queues); worker started`);
    await onShutdown(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.close();
      await stopEmbedded();
    });
  } catch (err) {
    await stopEmbedded();
    throw err;
  }
}
