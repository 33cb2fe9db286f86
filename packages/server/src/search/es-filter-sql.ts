import { Prisma } from '@wfo/db';
import { HttpError } from '../http/http-error';
import { parseFilterDate } from '../list-query/filter-date';
import { searchColumn, type SearchColumn } from './search-columns';
import type { EsQuery } from './search-request';

const MAX_DEPTH = 20;
const RANGE_OPERATORS = { gt: '>', gte: '>=', lt: '<', lte: '<=' } as const;

/**
 * An Elasticsearch bool query (the UI's subset, see `EsQuerySchema`) as a SQL condition over `subscriptions s JOIN
 * products pr`, with ES's semantics: `must`/`filter` all match, `must_not` none, `should` at least one when the bool
 * has no `must`/`filter` (else it only ranks, as in ES: it filters nothing). Bad paths and values answer 400.
 */
export function esFilterSql(query: EsQuery, depth = 0): Prisma.Sql {
  if (depth > MAX_DEPTH) throw new HttpError(400, `Invalid filters: nested deeper than ${MAX_DEPTH} levels`);
  if ('bool' in query) {
    const { must, filter, should, must_not: mustNot } = query.bool;
    const all = [...list(must), ...list(filter)].map((q) => esFilterSql(q, depth + 1));
    const conditions = [...all];
    const alternatives = list(should).map((q) => esFilterSql(q, depth + 1));
    if (alternatives.length > 0 && all.length === 0) conditions.push(or(alternatives));
    const excluded = list(mustNot).map((q) => esFilterSql(q, depth + 1));
    // COALESCE: a condition that is NULL for a row (a null column) must not make NOT exclude the row too.
    if (excluded.length > 0) conditions.push(Prisma.sql`NOT COALESCE(${or(excluded)}, FALSE)`);
    return conditions.length > 0 ? Prisma.sql`(${Prisma.join(conditions, ' AND ')})` : Prisma.sql`TRUE`;
  }
  if ('term' in query) {
    const [path, value] = only(query.term);
    return termSql(column(path), value);
  }
  if ('terms' in query) {
    const [path, values] = only(query.terms);
    const col = column(path);
    return values.length === 0 ? Prisma.sql`FALSE` : or(values.map((v) => termSql(col, v)));
  }
  if ('range' in query) {
    const [path, bounds] = only(query.range);
    const col = column(path);
    const parts = Object.entries(bounds).map(([op, value]) => {
      const sqlOp = RANGE_OPERATORS[op as keyof typeof RANGE_OPERATORS];
      return Prisma.sql`${col.expr!} ${Prisma.raw(sqlOp)} ${typedValue(col, value)}`;
    });
    return Prisma.sql`(${Prisma.join(parts, ' AND ')})`;
  }
  if ('exists' in query) {
    return Prisma.sql`(${column(query.exists.field).expr!} IS NOT NULL)`;
  }
  if ('regexp' in query) {
    const [path, pattern] = only(query.regexp);
    const col = column(path);
    return Prisma.sql`(${col.expr!}::text ILIKE ${likePattern(typeof pattern === 'string' ? pattern : pattern.value)})`;
  }
  return Prisma.sql`TRUE`;
}

function list(clauses: EsQuery | EsQuery[] | undefined): EsQuery[] {
  if (clauses === undefined) return [];
  return Array.isArray(clauses) ? clauses : [clauses];
}

function or(conditions: Prisma.Sql[]): Prisma.Sql {
  return conditions.length === 1 ? conditions[0]! : Prisma.sql`(${Prisma.join(conditions, ' OR ')})`;
}

function only<V>(record: Record<string, V>): [string, V] {
  return Object.entries(record)[0]!;
}

function column(path: string): SearchColumn {
  const col = searchColumn(path);
  if (!col?.expr) {
    throw new HttpError(400, `Invalid filters: unknown path '${path.slice(0, 100)}'; see GET /api/search/paths`);
  }
  return col;
}

function termSql(col: SearchColumn, value: unknown): Prisma.Sql {
  return Prisma.sql`(${col.expr!} = ${typedValue(col, value)})`;
}

/** A compared value, checked against the column's type and cast to it. */
function typedValue(col: SearchColumn, value: unknown): Prisma.Sql {
  const text = String(value);
  const invalid = (expected: string) =>
    new HttpError(400, `Invalid filters: '${col.path}' takes ${expected}, not ${JSON.stringify(value)?.slice(0, 100)}`);
  switch (col.sqlType) {
    case 'boolean':
      if (text !== 'true' && text !== 'false') throw invalid('true or false');
      return text === 'true' ? Prisma.sql`TRUE` : Prisma.sql`FALSE`;
    case 'int4':
      if (!/^-?\d{1,9}$/.test(text)) throw invalid('an integer');
      return Prisma.sql`${Number(text)}::int4`;
    case 'timestamptz': {
      const seconds = parseFilterDate(text);
      if (seconds === null) throw invalid('an ISO 8601 date or epoch seconds');
      return Prisma.sql`to_timestamp(${seconds}::float8)`;
    }
    case 'uuid':
      if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(text)) throw invalid('a UUID');
      return Prisma.sql`${text.toLowerCase()}::uuid`;
    default:
      return Prisma.sql`${col.canonical ? col.canonical(text) : text}::text`;
  }
}

/**
 * The regexps react-querybuilder writes for contains (`.*x.*`), begins with (`x.*`) and ends with (`.*x`), as a
 * case-insensitive LIKE pattern. The text between is taken literally: a user typing `10.0.0.1` means the dots.
 */
function likePattern(regexp: string): string {
  const starts = regexp.startsWith('.*');
  const ends = regexp.length > 2 && regexp.endsWith('.*');
  const middle = regexp.slice(starts ? 2 : 0, ends ? -2 : undefined).replace(/[\\%_]/g, (c) => `\\${c}`);
  return `${starts ? '%' : ''}${middle}${ends ? '%' : ''}`;
}
