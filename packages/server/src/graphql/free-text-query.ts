import { Prisma } from '@wfo/db';
import { HttpError } from '../http/http-error';
import type { ListResource } from '../list-query/list-resource';
import { buildListSql } from '../list-query/list-sql';

/** A list's free-text search: the resource and the filter fields a plain word is looked for in. */
export interface FreeTextSearch {
  readonly resource: ListResource;
  /** snake_case filter names whose clauses take an ILIKE pattern (text, enum and identifier filters). */
  readonly fields: readonly string[];
}

const TOKEN = /([A-Za-z_]+):("[^"]*"|\S+)|"([^"]*)"|(\S+)/g;
const MAX_QUERY_LENGTH = 1000;

/**
 * The condition of a list's `query` argument, a subset of orchestrator-core's search language: `field:value`
 * filters like `filterBy` does (`insync:false`, `status:active|provisioning`), and every other word (or "quoted
 * phrase") must occur, case-insensitively, in one of the searchable fields. Terms are ANDed. `null` without a
 * query. A word search cannot use a btree index; it scans what the other filters leave.
 */
export function freeTextCondition(search: FreeTextSearch, query: string | null | undefined): Prisma.Sql | null {
  const text = query?.trim();
  if (!text) return null;
  if (text.length > MAX_QUERY_LENGTH) throw new HttpError(400, `query is longer than ${MAX_QUERY_LENGTH} characters`);
  const conditions: Prisma.Sql[] = [];
  for (const [, field, fieldValue, phrase, word] of text.matchAll(TOKEN)) {
    if (field !== undefined && fieldValue !== undefined) {
      const value = fieldValue.replace(/^"(.*)"$/, '$1');
      const negated = value.startsWith('!');
      const values = (negated ? value.slice(1) : value).split('|').filter((v) => v !== '');
      if (values.length === 0) throw new HttpError(400, `Invalid query: no value for '${field}'`);
      conditions.push(buildListSql(search.resource, [{ field, values, negated }], []).where);
    } else {
      const pattern = `%${phrase ?? word ?? ''}%`;
      const any = search.fields.map((name) => search.resource.filters[name]!([pattern], name));
      conditions.push(Prisma.sql`(${Prisma.join(any, ' OR ')})`);
    }
  }
  return conditions.length > 0 ? Prisma.join(conditions, ' AND ') : null;
}
