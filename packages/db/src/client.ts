import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/prisma/client';

export interface CreatePrismaOptions {
  databaseUrl: string;
  /**
   * Connections in the client's pg pool.
   * @defaultValue 10
   */
  poolSize?: number;
}

/**
 * A Prisma 7 client over `@prisma/adapter-pg` (Prisma 7 has no built-in driver). Each client owns its pool: create
 * one per process and per database, and `$disconnect()` it on shutdown.
 */
export function createPrisma(opts: CreatePrismaOptions): PrismaClient {
  const adapter = new PrismaPg({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
  return new PrismaClient({ adapter });
}
