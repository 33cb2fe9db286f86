import { Prisma, type PrismaClient } from '@wfo/db';
import { countTotal, type ListTotal } from './count-total';
import type { ListQuery } from './list-query-schema';
import type { ListResource } from './list-resource';
import { buildListSql } from './list-sql';
import { parseFilter, type FilterTerm } from './parse-filter';
import { parseRange, type ListRange } from './parse-range';
import { parseSort, type SortTerm } from './parse-sort';

/** A list request's `range`, `filter` and `sort`, parsed. */
export interface ParsedListQuery {
  readonly range: ListRange | null;
  readonly filters: readonly FilterTerm[];
  readonly sort: readonly SortTerm[];
}

/** Parse a list request's query (range, then filter, then sort: the first malformed one answers 400). */
export function parseListQuery(query: ListQuery): ParsedListQuery {
  const range = parseRange(query.range);
  const filters = parseFilter(query.filter);
  const sort = parseSort(query.sort);
  return { range, filters, sort };
}

/** Where a list endpoint's rows come from. */
export interface ListSource {
  readonly resource: ListResource;
  readonly columns: Prisma.Sql;
  /** The page's FROM, joins included. */
  readonly from: Prisma.Sql;
  /** The count's FROM: without the page's joins, so the count can be an index-only scan. */
  readonly countFrom: Prisma.Sql;
  /** A condition every listed row meets, whatever the filters (`w.deleted_at IS NULL`). */
  readonly visible?: Prisma.Sql;
  /**
   * Rows that are never listed, which the list's indexes do not cover (the hidden processes of parallel branches):
   * the page leaves them out, and the count subtracts them instead of filtering, so it stays an index-only scan.
   */
  readonly hidden?: Prisma.Sql;
}

export interface ListPage<Row> {
  readonly rows: Row[];
  /** Only with a range, as orchestrator-core counts only then. */
  readonly total: ListTotal | null;
}

/** One page of a list and its total, read concurrently. */
export async function readListPage<Row>(
  prisma: PrismaClient,
  source: ListSource,
  query: ParsedListQuery,
  exactCountLimit: number,
): Promise<ListPage<Row>> {
  const { where: filtered, orderBy } = buildListSql(source.resource, query.filters, query.sort);
  const where = source.visible ? Prisma.sql`${source.visible} AND ${filtered}` : filtered;
  const listed = source.hidden ? Prisma.sql`NOT (${source.hidden}) AND ${where}` : where;
  const { range } = query;
  const limit = range ? Prisma.sql`LIMIT ${range.end - range.start}::int8 OFFSET ${range.start}::int8` : Prisma.empty;
  const [rows, total] = await Promise.all([
    prisma.$queryRaw<Row[]>(
      Prisma.sql`SELECT ${source.columns} FROM ${source.from} WHERE ${listed} ORDER BY ${orderBy} ${limit}`,
    ),
    range ? countTotal(prisma, { from: source.countFrom, where, hidden: source.hidden }, exactCountLimit) : null,
  ]);
  return { rows, total };
}
