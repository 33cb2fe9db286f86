import { PrismaPg } from '@prisma/adapter-pg';
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

/**
 * A Prisma 7 client over `@prisma/adapter-pg` (Prisma 7 has no built-in driver). Each client owns its pool: create
 * one per process and per database, and `$disconnect()` it on shutdown.
 */
export function createPrisma(opts: CreatePrismaOptions): PrismaClient {
  const adapter = new PrismaPg({
    connectionString: opts.databaseUrl,
    max: opts.poolSize ?? 10,
    connectionTimeoutMillis: opts.connectionTimeoutMs ?? 10_000,
  });
  return new PrismaClient({ adapter });
}
