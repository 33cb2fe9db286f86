// A Redis server of a test's own, for tests that must do something drastic to Redis (FLUSHALL) without touching
// the shared one other test files use. The same `redis-server` that `wfo dev` starts when none is configured.
import { Redis } from 'ioredis';
import { startEmbeddedRedis } from '@wfo/cli';

export interface OwnRedis {
  readonly url: string;
  readonly client: Redis;
  stop(): Promise<void>;
}

export async function startOwnRedis(): Promise<OwnRedis> {
  const server = await startEmbeddedRedis();
  const client = new Redis(server.url, { maxRetriesPerRequest: 1 });
  return {
    url: server.url,
    client,
    async stop() {
      client.disconnect();
      await server.stop();
    },
  };
}
