import { Prisma, type PrismaClient } from '@wfo/db';
import { readListPage, type ListPage, type ParsedListQuery } from '../list-query/list-page';
import { processListResource } from './process-list-resource';
import { BRANCH_PROCESS, PROCESS_COLUMNS, PROCESS_FROM, type ProcessRow } from './process-row';

/**
 * One page of processes and their total. With the default order (or a status filter) the page is an index range
 * scan of `range.end` rows, not a sort of the table.
 */
export function listProcesses(
  prisma: PrismaClient,
  query: ParsedListQuery,
  exactCountLimit: number,
): Promise<ListPage<ProcessRow>> {
  return readListPage<ProcessRow>(
    prisma,
    {
      resource: processListResource,
      columns: PROCESS_COLUMNS,
      from: PROCESS_FROM,
      countFrom: Prisma.sql`processes p`,
      hidden: BRANCH_PROCESS,
    },
    query,
    exactCountLimit,
  );
}
