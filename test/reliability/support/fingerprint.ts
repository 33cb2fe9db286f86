// A fingerprint of everything a request could change: every table of the database (a hash of its rows) and every
// lasting key of the queue's prefix in Redis (a hash of its serialised value).
import { createHash } from 'node:crypto';
import type { PrismaClient } from '@wfo/db';
import type { RedisConnection } from '@wfo/runtime';

/** Table or key → hash of its content. */
export type Fingerprint = ReadonlyMap<string, string>;

export async function fingerprint(prisma: PrismaClient, redis: RedisConnection, prefix: string): Promise<Fingerprint> {
  const parts = new Map<string, string>();
  const tables = await prisma.$queryRaw<Array<{ name: string }>>`
    SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' AND tablename <> '_prisma_migrations'`;
  const sql = tables
    .map(
      ({ name }) =>
        `SELECT '${name}' AS name, md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) AS rows FROM "${name}" t`,
    )
    .join(' UNION ALL ');
  for (const row of await prisma.$queryRawUnsafe<Array<{ name: string; rows: string }>>(sql)) {
    parts.set(`table ${row.name}`, row.rows);
  }
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
    cursor = next;
    for (const key of keys) {
      // Keys that expire by themselves (locks, such as resume-all's) change with time alone: not a request's doing.
      if ((await redis.pttl(key)) >= 0) continue;
      // Step and reconciler metrics are counters workers flush on a timer of their own: not a request's doing either.
      if (key.startsWith(`${prefix}:metrics:`)) continue;
      const value = await redis.dumpBuffer(key);
      parts.set(
        `key ${key}`,
        createHash('sha256')
          .update(value ?? Buffer.alloc(0))
          .digest('hex'),
      );
    }
  } while (cursor !== '0');
  return parts;
}

/** What differs between two fingerprints; empty when nothing changed. */
export function changes(before: Fingerprint, after: Fingerprint): string[] {
  const names = new Set([...before.keys(), ...after.keys()]);
  return [...names].filter((name) => before.get(name) !== after.get(name)).sort();
}
