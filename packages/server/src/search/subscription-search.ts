import { Prisma, type PrismaClient } from '@wfo/db';
import { HttpError } from '../http/http-error';
import { countTotal } from '../list-query/count-total';
import { subscriptionExtras } from '../subscriptions/subscription-extras';
import { SUBSCRIPTION_COLUMNS, SUBSCRIPTION_FROM, type SubscriptionRow } from '../subscriptions/subscription-row';
import { esFilterSql } from './es-filter-sql';
import { DEFAULT_RESPONSE_COLUMNS, METADATA_PATH, searchColumn, type SearchColumn } from './search-columns';
import { decodeCursor, encodeCursor, searchDigest } from './search-cursor';
import type { SearchRequest } from './search-request';
import type { SearchResponse } from './search-response';

const DEFAULT_LIMIT = 10;
const DEFAULT_ORDER = { element: 'subscription.start_date', direction: 'desc' } as const;

interface SortedRow extends SubscriptionRow {
  readonly sort_key: string | null;
}

/**
 * `POST /api/search/subscriptions`: the structured search of orchestrator-core 5.4 over our own tables. Filters are
 * the UI's Elasticsearch subset; `query` matches words in the description, product name and customer. Pages are
 * cursor-paged by keyset on (sort column, subscription id), so a page costs an index range scan at any depth; the
 * total is `countTotal`'s (exact up to the limit, estimated beyond).
 */
export async function searchSubscriptions(
  prisma: PrismaClient,
  request: SearchRequest,
  cursorText: string | undefined,
  exactCountLimit: number,
): Promise<SearchResponse> {
  const paths = request.response_columns?.length ? request.response_columns : DEFAULT_RESPONSE_COLUMNS;
  const unknown = paths.filter((p) => !searchColumn(p));
  if (unknown.length > 0) {
    throw new HttpError(400, `Unknown response_columns: ${unknown.map((p) => `'${p.slice(0, 100)}'`).join(', ')}`);
  }
  const order = request.order_by ?? DEFAULT_ORDER;
  const sortColumn = searchColumn(order.element);
  if (!sortColumn?.expr) throw new HttpError(400, `Cannot order by '${order.element.slice(0, 100)}'`);
  const descending = order.direction.toLowerCase() === 'desc';
  const sortExpr = sortKey(sortColumn);

  const text = request.query?.trim() ?? '';
  const conditions = [request.filters ? esFilterSql(request.filters) : Prisma.sql`TRUE`];
  if (text) conditions.push(textCondition(text));
  const where = Prisma.join(conditions, ' AND ');

  const search = searchDigest([text, request.filters ?? null, order.element, descending]);
  const cursor = cursorText ? decodeCursor(cursorText, search) : null;
  const limit = cursor?.limit ?? request.limit ?? DEFAULT_LIMIT;
  const offset = cursor?.offset ?? 0;
  const after = cursor ? keysetCondition(sortExpr, sortColumn, descending, cursor.after) : Prisma.sql`TRUE`;

  // The tie-breaker runs against the sort's direction, the order of the (column DESC, subscription_id) indexes.
  const orderBy = descending
    ? Prisma.sql`${sortExpr} DESC NULLS FIRST, s.subscription_id ASC`
    : Prisma.sql`${sortExpr} ASC NULLS LAST, s.subscription_id DESC`;
  const [rows, total] = await Promise.all([
    prisma.$queryRaw<SortedRow[]>(Prisma.sql`
      SELECT ${SUBSCRIPTION_COLUMNS}, (${sortExpr})::text AS sort_key
        FROM ${SUBSCRIPTION_FROM}
       WHERE ${where} AND ${after}
       ORDER BY ${orderBy}
       LIMIT ${limit + 1}::int8`),
    countTotal(prisma, { from: SUBSCRIPTION_FROM, where }, exactCountLimit),
  ]);
  const page = rows.slice(0, limit);
  const metadata = paths.includes(METADATA_PATH)
    ? await subscriptionExtras(
        prisma,
        page.map((r) => r.subscription_id),
      )
    : null;
  const last = page[page.length - 1];
  const hasNext = rows.length > limit && last !== undefined;
  return {
    data: page.map((row) => ({
      entity_id: row.subscription_id,
      entity_type: 'SUBSCRIPTION',
      entity_title: row.description,
      score: 1,
      perfect_match: text && row.description.toLowerCase() === text.toLowerCase() ? 1 : 0,
      matching_fields: text ? matchingFields(row, text) : null,
      response_columns: Object.fromEntries(
        paths.map((path) => [
          path,
          path === METADATA_PATH
            ? (metadata?.get(row.subscription_id)?.metadata ?? null)
            : (searchColumn(path)!.value!(row) ?? null),
        ]),
      ),
    })),
    cursor: { total_items: total.total, start_cursor: offset, end_cursor: offset + page.length - 1 },
    page_info: {
      has_next_page: hasNext,
      next_page_cursor: hasNext
        ? encodeCursor({ offset: offset + page.length, limit, after: [last.sort_key, last.subscription_id], search })
        : null,
    },
    search_metadata: {
      search_type: text ? 'fuzzy' : 'structured',
      description: text
        ? `Subscriptions whose description, product or customer contains "${text}"`
        : 'Subscriptions matching the filters',
    },
  };
}

/** Text sorts ignore case, as the lists' do; everything else sorts on the column (which its index serves). */
function sortKey(column: SearchColumn): Prisma.Sql {
  return column.sqlType === 'text' && !column.canonical ? Prisma.sql`lower(${column.expr!})` : column.expr!;
}

/**
 * Rows after (value, id) in the order `sortExpr DESC NULLS FIRST, id ASC` (or its mirror). The redundant bound on
 * the column lets Postgres start the index scan at the cursor.
 */
function keysetCondition(
  sortExpr: Prisma.Sql,
  column: SearchColumn,
  descending: boolean,
  [value, id]: readonly [string | null, string],
): Prisma.Sql {
  const lastId = Prisma.sql`${id}::uuid`;
  const cast = Prisma.raw(column.sqlType === 'text' && !column.canonical ? 'text' : (column.sqlType ?? 'text'));
  const v = Prisma.sql`${value}::${cast}`;
  if (descending) {
    return value === null
      ? Prisma.sql`(${sortExpr} IS NOT NULL OR s.subscription_id > ${lastId})`
      : Prisma.sql`(${sortExpr} <= ${v} AND (${sortExpr} < ${v} OR s.subscription_id > ${lastId}))`;
  }
  return value === null
    ? Prisma.sql`(${sortExpr} IS NULL AND s.subscription_id < ${lastId})`
    : Prisma.sql`(${sortExpr} > ${v} OR ${sortExpr} IS NULL OR (${sortExpr} = ${v} AND s.subscription_id < ${lastId}))`;
}

/** Every word of the query occurs in the description, the product's name or the customer id (trigram-indexed). */
function textCondition(text: string): Prisma.Sql {
  const words = text.split(/\s+/).filter(Boolean).slice(0, 20);
  return Prisma.join(
    words.map((word) => {
      const pattern = `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      return Prisma.sql`(s.description ILIKE ${pattern} OR pr.name ILIKE ${pattern} OR s.customer_id ILIKE ${pattern})`;
    }),
    ' AND ',
  );
}

function matchingFields(row: SubscriptionRow, text: string): SearchResponse['data'][number]['matching_fields'] {
  const at = row.description.toLowerCase().indexOf(text.toLowerCase());
  if (at < 0) return null;
  return [{ text: row.description, path: 'subscription.description', highlight_indices: [[at, at + text.length]] }];
}
