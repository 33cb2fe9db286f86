import type { PrismaClient } from '@wfo/db';

/** A Prisma client that counts the raw queries sent through it (every read of the API is one). */
export function countingPrisma(prisma: PrismaClient): { prisma: PrismaClient; count: () => number; reset: () => void } {
  let queries = 0;
  const counted = new Proxy(prisma, {
    get(target, property, receiver) {
      if (property === '$queryRaw') {
        return (...args: Parameters<PrismaClient['$queryRaw']>) => {
          queries += 1;
          return target.$queryRaw(...args);
        };
      }
      return Reflect.get(target, property, receiver) as unknown;
    },
  });
  return { prisma: counted, count: () => queries, reset: () => (queries = 0) };
}
