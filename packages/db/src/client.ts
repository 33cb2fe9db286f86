import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from './generated/prisma/client';

export interface CreatePrismaOptions {
  databaseUrl: string;
  /**
   * Connections in the client's pg pool.
   * @defaultValue 10
   */
  poolSize?: number;
  /**
   * How long a query may wait for a connection (a new one, or a free one of the pool) before it fails, so a database
   * that does not answer makes requests fail (503) instead of hang.
   * @defaultValue 10000
   */
  connectionTimeoutMs?: number;
}

/** The `pg` pool under a Prisma client: the step worker's hot path speaks to Postgres through it directly. */
export type PgPool = pg.Pool;

/** What `pg` returns for one query (rows and the count of rows a command touched). */
export type PgQueryResult<R extends object> = pg.QueryResult<R & pg.QueryResultRow>;

/**
 * A Prisma 7 client over `@prisma/adapter-pg` (Prisma 7 has no built-in driver), and the `pg` pool under it. Each
 * client owns its pool: create one per process and per database, and `$disconnect()` it on shutdown (that ends the
 * pool too; `endPool` ends it when the client never connected). The pool is for the few hot paths where Prisma's
 * runtime is measurably the cost (docs/adr/0013-step-hot-path.md).
 */
export function createPrismaWithPool(opts: CreatePrismaOptions): { prisma: PrismaClient; pool: PgPool } {
  const pool = new pg.Pool({
    connectionString: opts.databaseUrl,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 10_000,
  });
  // An idle connection that breaks (Postgres restarting) is reported on the pool: without a listener that would
  // crash the process; the next query opens a new connection instead.
  pool.on('error', () => undefined);
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
  return { prisma, pool };
}

/** End a pool from `createPrismaWithPool` unless its client's `$disconnect()` already did. */
export async function endPool(pool: PgPool): Promise<void> {
  if (!pool.ended) await pool.end();
}

/** A Prisma client with its own pool (see `createPrismaWithPool`). */
export function createPrisma(opts: CreatePrismaOptions): PrismaClient {
  return createPrismaWithPool(opts).prisma;
}
