import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { RedisConnection } from '../redis-connection';

/** How often a worker says it is alive, and how long one silence is tolerated (three missed beats). */
export const HEARTBEAT_INTERVAL_MS = 5_000;
const HEARTBEAT_TTL_MS = 3 * HEARTBEAT_INTERVAL_MS;

/** The sorted set of live workers: member = worker id, score = when its last heartbeat expires (epoch ms). */
export function workersKey(prefix: string): string {
  return `${prefix}:workers`;
}

/**
 * A worker process's heartbeat: it is counted by `GET /api/settings/worker-status` from its first beat (sent at
 * start) until it stops or misses three beats. A sorted set under the queue prefix, not CLIENT LIST, so it works
 * on managed Redis and Redis Cluster alike, and a worker is never counted 0 while it runs.
 */
export class WorkerHeartbeat {
  readonly id = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly redis: RedisConnection,
    private readonly prefix: string,
    private readonly onError: (err: unknown) => void = () => undefined,
  ) {}

  async start(): Promise<void> {
    await this.beat();
    this.timer = setInterval(() => void this.beat().catch(this.onError), HEARTBEAT_INTERVAL_MS);
    this.timer.unref();
  }

  private async beat(): Promise<void> {
    const now = Date.now();
    await this.redis
      .multi()
      .zadd(workersKey(this.prefix), now + HEARTBEAT_TTL_MS, this.id)
      .zremrangebyscore(workersKey(this.prefix), '-inf', now)
      .exec();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.redis.zrem(workersKey(this.prefix), this.id).catch(this.onError);
  }
}

/** How many workers have a live heartbeat. */
export async function countLiveWorkers(redis: Pick<RedisConnection, 'zcount'>, prefix: string): Promise<number> {
  return redis.zcount(workersKey(prefix), Date.now(), '+inf');
}
