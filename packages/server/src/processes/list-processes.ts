import { Prisma, type PrismaClient } from '@wfo/db';
import { countTotal, type ListTotal } from '../list-query/count-total';
import { buildListSql } from '../list-query/list-sql';
import type { FilterTerm } from '../list-query/parse-filter';
import type { ListRange } from '../list-query/parse-range';
import type { SortTerm } from '../list-query/parse-sort';
import { processListResource } from './process-list-resource';
import { PROCESS_COLUMNS, PROCESS_FROM, type ProcessRow } from './process-row';

export interface ProcessListQuery {
  readonly range: ListRange | null;
  readonly filters: readonly FilterTerm[];
  readonly sort: readonly SortTerm[];
}

export interface ProcessListResult {
  readonly rows: ProcessRow[];
  /** Only with a range, as orchestrator-core counts only then. */
  readonly total: ListTotal | null;
}

/**
 * One page of processes and their total. Page and count run concurrently; with the default order (or a status
 * filter) the page is an index range scan of `range.end` rows, not a sort of the table.
 */
export async function listProcesses(
  prisma: PrismaClient,
  query: ProcessListQuery,
  exactCountLimit: number,
): Promise<ProcessListResult> {
  const { where, orderBy } = buildListSql(processListResource, query.filters, query.sort);
  const { range } = query;
  const limit = range ? Prisma.sql`LIMIT ${range.end - range.start}::int8 OFFSET ${range.start}::int8` : Prisma.empty;
  const [rows, total] = await Promise.all([
    prisma.$queryRaw<ProcessRow[]>(
      Prisma.sql`SELECT ${PROCESS_COLUMNS} FROM ${PROCESS_FROM} WHERE ${where} ORDER BY ${orderBy} ${limit}`,
    ),
    range ? countTotal(prisma, { from: Prisma.sql`processes p`, where }, exactCountLimit) : null,
  ]);
  return { rows, total };
}
