import { Prisma, type PrismaClient } from '@wfo/db';

export interface ListTotal {
  readonly total: number;
  /** False when the total is the planner's estimate (more matches than the exact-count limit). */
  readonly exact: boolean;
}

/**
 * The total behind `Content-Range`, cheap at any table size.
 *
 * orchestrator-core counts exactly, which costs a scan of every matching row: ~100 ms for a million processes, on
 * every page. Here the count stops after `exactLimit + 1` rows: up to the limit the total is exact; beyond it,
 * it is Postgres's planner estimate for the same query (never below the limit + 1). A UI showing "page 1 of
 * ~40,000" does not need the last digit; one that pages to the end sees the exact total once fewer than the limit
 * remain in the filter. Set the limit to `Infinity` for orchestrator-core's always-exact totals.
 *
 * `from` and `where` must not need the page's joins, so the count can use an index-only scan.
 */
export async function countTotal(
  prisma: PrismaClient,
  query: { readonly from: Prisma.Sql; readonly where: Prisma.Sql },
  exactLimit: number,
): Promise<ListTotal> {
  if (!Number.isFinite(exactLimit)) {
    const rows = await prisma.$queryRaw<{ n: number }[]>(
      Prisma.sql`SELECT count(*)::float8 AS n FROM ${query.from} WHERE ${query.where}`,
    );
    return { total: rows[0]?.n ?? 0, exact: true };
  }
  const rows = await prisma.$queryRaw<{ n: number }[]>(
    Prisma.sql`SELECT count(*)::float8 AS n FROM (SELECT 1 FROM ${query.from} WHERE ${query.where} LIMIT ${exactLimit + 1}::int8) capped`,
  );
  const capped = rows[0]?.n ?? 0;
  if (capped <= exactLimit) return { total: capped, exact: true };
  const plan = await prisma.$queryRaw<{ 'QUERY PLAN': unknown }[]>(
    Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${query.from} WHERE ${query.where}`,
  );
  return { total: Math.max(exactLimit + 1, plannedRows(plan[0]?.['QUERY PLAN'])), exact: false };
}

function plannedRows(plan: unknown): number {
  const parsed: unknown = typeof plan === 'string' ? JSON.parse(plan) : plan;
  const rows = (parsed as [{ Plan?: { 'Plan Rows'?: unknown } }] | undefined)?.[0]?.Plan?.['Plan Rows'];
  return typeof rows === 'number' && Number.isFinite(rows) ? Math.round(rows) : 0;
}
