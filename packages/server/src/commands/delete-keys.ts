import { scanNodes, type RedisConnection } from '@wfo/runtime';

/**
 * Delete the keys matching a pattern with SCAN (never KEYS, which blocks Redis), on every master of a Redis Cluster;
 * returns how many went. Keys go one by one: on a cluster, keys of one node may still lie in different slots.
 */
export async function deleteKeysMatching(redis: RedisConnection, pattern: string): Promise<number> {
  let deleted = 0;
  for (const node of scanNodes(redis)) {
    let cursor = '0';
    do {
      const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
      cursor = next;
      for (const key of keys) deleted += await node.del(key);
    } while (cursor !== '0');
  }
  return deleted;
}
