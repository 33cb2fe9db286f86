import { Prisma, type PrismaClient } from '@wfo/db';
import { groupBy } from '../group-by';
import { buildListSql } from '../list-query/list-sql';
import { connectionQuery, toConnection, type Connection, type ConnectionArgs } from './connection';
import { freeTextCondition } from './free-text-query';
import type { GraphqlListSource } from './list-sources';

/** How the rows of a list belong to owners: the join that links a row to its owner, and the owner's id. */
export interface OwnerLink {
  /** Appended to the source's FROM. */
  readonly join: Prisma.Sql;
  readonly owner: Prisma.Sql;
  readonly ownerType: 'uuid' | 'text';
}

interface RankedRow {
  readonly owner_id: string;
  readonly row_index: bigint | number;
  readonly owner_total: number;
}

/**
 * A nested connection (the processes of each subscription on a page, the subscriptions of each product…) for many
 * owners in one query: the rows are ranked per owner by the list's order, and each owner gets rows `after` to
 * `after + first` of its own ranking plus its total. The query count does not grow with the number of owners.
 */
export async function readPagesByOwner<Row>(
  prisma: PrismaClient,
  source: GraphqlListSource,
  link: OwnerLink,
  owners: readonly string[],
  args: ConnectionArgs,
): Promise<Map<string, Connection<Row>>> {
  const query = connectionQuery(args);
  const { where, orderBy } = buildListSql(source.resource, query.filters, query.sort);
  const conditions = [where];
  if (source.visible) conditions.push(source.visible);
  const text = freeTextCondition(source.search, args.query);
  if (text) conditions.push(text);
  const ownerIds = link.ownerType === 'uuid' ? Prisma.sql`${[...owners]}::uuid[]` : Prisma.sql`${[...owners]}::text[]`;
  // Row 1 of every owner always comes along: it carries the owner's total when the page is past its last row.
  const rows = await prisma.$queryRaw<Array<Row & RankedRow>>(Prisma.sql`
    SELECT * FROM (
      SELECT ${source.columns}, ${link.owner}::text AS owner_id,
             row_number() OVER (PARTITION BY ${link.owner} ORDER BY ${orderBy}) AS row_index,
             count(*) OVER (PARTITION BY ${link.owner})::int AS owner_total
        FROM ${source.from} ${link.join}
       WHERE ${link.owner} = ANY(${ownerIds}) AND ${Prisma.join(conditions, ' AND ')}
    ) ranked
     WHERE row_index = 1 OR (row_index > ${args.after}::int8 AND row_index <= ${query.range!.end}::int8)
     ORDER BY owner_id, row_index`);
  const byOwner = groupBy(
    rows,
    (row) => row.owner_id,
    (row) => row,
  );
  const pages = new Map<string, Connection<Row>>();
  for (const owner of owners) {
    const ranked = byOwner.get(owner) ?? [];
    const total = ranked[0]?.owner_total ?? 0;
    const inPage = ranked.filter((row) => Number(row.row_index) > args.after);
    pages.set(owner, toConnection<Row>(inPage, args, total, source.resource));
  }
  return pages;
}
