import { randomUUID } from 'node:crypto';
import type { RedisConnection } from './redis-connection';

/** A held lock; release it when done (it also expires by itself after its TTL). */
export interface HeldLock {
  release(): Promise<void>;
}

// Delete the key only if we still own it, so an expired lock taken over by someone else is not released by us.
const RELEASE_IF_OWNER = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end`;

/** A Redis lock across all API instances (orchestrator-core's distlock, used by resume-all). Null when held. */
export async function acquireLock(redis: RedisConnection, key: string, ttlMs: number): Promise<HeldLock | null> {
  const owner = randomUUID();
  const ok = await redis.set(key, owner, 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
  if (ok !== 'OK') return null;
  return {
    release: async () => {
      await redis.eval(RELEASE_IF_OWNER, 1, key, owner);
    },
  };
}
