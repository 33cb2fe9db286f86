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
 * `from` and `where` must not need the page's joins, so the count can use an index-only scan. `hidden` rows (matching
 * `where` but never listed, and not covered by the indexes) are counted apart and subtracted, not filtered out,
 * which would make every counted row a heap read; without any such rows that costs one empty index probe.
 */
export async function countTotal(
  prisma: PrismaClient,
  query: { readonly from: Prisma.Sql; readonly where: Prisma.Sql; readonly hidden?: Prisma.Sql },
  exactLimit: number,
): Promise<ListTotal> {
  const capped = Number.isFinite(exactLimit) ? exactLimit + 1 : undefined;
  const countOf = (where: Prisma.Sql) =>
    capped === undefined
      ? Prisma.sql`SELECT count(*) FROM ${query.from} WHERE ${where}`
      : Prisma.sql`SELECT count(*) FROM (SELECT 1 FROM ${query.from} WHERE ${where} LIMIT ${capped}::int8) capped`;
  // One statement: the matches, and the hidden ones among them (an empty index probe when there are none).
  const hidden = query.hidden
    ? Prisma.sql`(${countOf(Prisma.sql`${query.hidden} AND ${query.where}`)})`
    : Prisma.sql`0`;
  const rows = await prisma.$queryRaw<{ n: number; hidden: number }[]>(
    Prisma.sql`SELECT (${countOf(query.where)})::float8 AS n, ${hidden}::float8 AS hidden`,
  );
  const matches = rows[0]?.n ?? 0;
  // Up to the limit, the hidden rows among the matches are within the limit too: the difference is exact.
  if (capped === undefined || matches <= exactLimit) return { total: matches - (rows[0]?.hidden ?? 0), exact: true };
  const listed = query.hidden ? Prisma.sql`NOT (${query.hidden}) AND ${query.where}` : query.where;
  const plan = await prisma.$queryRaw<{ 'QUERY PLAN': unknown }[]>(
    Prisma.sql`EXPLAIN (FORMAT JSON) SELECT 1 FROM ${query.from} WHERE ${listed}`,
  );
  const estimate = plannedRows(plan[0]?.['QUERY PLAN']);
  if (query.hidden && estimate <= exactLimit) {
    // More matches than the limit, but perhaps mostly hidden ones: the listed ones may be within it after all.
    const [listedRow] = await prisma.$queryRaw<{ n: number }[]>(Prisma.sql`SELECT (${countOf(listed)})::float8 AS n`);
    const listedCount = listedRow?.n ?? 0;
    if (listedCount <= exactLimit) return { total: listedCount, exact: true };
  }
  return { total: Math.max(exactLimit + 1, estimate), exact: false };
}

function plannedRows(plan: unknown): number {
  const parsed: unknown = typeof plan === 'string' ? JSON.parse(plan) : plan;
  const rows = (parsed as [{ Plan?: { 'Plan Rows'?: unknown } }] | undefined)?.[0]?.Plan?.['Plan Rows'];
  return typeof rows === 'number' && Number.isFinite(rows) ? Math.round(rows) : 0;
}
