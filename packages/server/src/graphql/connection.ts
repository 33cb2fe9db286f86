import { HttpError } from '../http/http-error';
import type { ListTotal } from '../list-query/count-total';
import type { ParsedListQuery } from '../list-query/list-page';
import type { ListResource } from '../list-query/list-resource';
import { snakeToCamel } from '../list-query/camel-case';
import { graphqlFilterTerm, graphqlSortTerm, type GraphqlFilter, type GraphqlSort } from './graphql-filter';

/** The arguments of every list field (`query` only where the field takes one). */
export interface ConnectionArgs {
  readonly filterBy?: readonly GraphqlFilter[] | null;
  readonly sortBy?: readonly GraphqlSort[] | null;
  readonly first: number;
  readonly after: number;
  readonly query?: string | null;
}

export interface PageInfo {
  readonly hasNextPage: boolean;
  readonly hasPreviousPage: boolean;
  readonly startCursor: number | null;
  readonly endCursor: number | null;
  readonly totalItems: number;
  readonly sortFields: readonly string[];
  readonly filterFields: readonly string[];
}

export interface Connection<T> {
  readonly page: readonly T[];
  readonly pageInfo: PageInfo;
}

/**
 * A list field's arguments as the REST list machinery's parsed query. The range asks one row more than the page,
 * so `hasNextPage` needs no count.
 */
export function connectionQuery(args: ConnectionArgs): ParsedListQuery {
  if (!Number.isInteger(args.first) || args.first < 0) throw new HttpError(400, '`first` must not be negative');
  if (!Number.isInteger(args.after) || args.after < 0) throw new HttpError(400, '`after` must not be negative');
  return {
    range: { start: args.after, end: args.after + args.first + 1 },
    filters: (args.filterBy ?? []).map(graphqlFilterTerm),
    sort: (args.sortBy ?? []).map(graphqlSortTerm),
  };
}

/** A page read with one extra row (see `connectionQuery`) as orchestrator-core's `Connection`. */
export function toConnection<T>(
  rows: readonly T[],
  args: Pick<ConnectionArgs, 'first' | 'after'>,
  total: ListTotal | number | null,
  resource?: ListResource,
): Connection<T> {
  const page = rows.slice(0, args.first);
  return {
    page,
    pageInfo: {
      hasNextPage: rows.length > args.first,
      hasPreviousPage: args.after > 0,
      startCursor: page.length > 0 ? args.after : null,
      endCursor: args.after + page.length - 1,
      totalItems: typeof total === 'number' ? total : (total?.total ?? 0),
      sortFields: resource ? sortFields(resource) : [],
      filterFields: resource ? Object.keys(resource.filters).map(snakeToCamel).sort() : [],
    },
  };
}

/** A connection over items already in memory (a handful per owner), paged by offset. */
export function sliceConnection<T>(
  items: readonly T[],
  args: Pick<ConnectionArgs, 'first' | 'after'>,
  resource?: ListResource,
): Connection<T> {
  return toConnection(items.slice(args.after, args.after + args.first + 1), args, items.length, resource);
}

function sortFields(resource: ListResource): string[] {
  return Object.keys(resource.sorts)
    .filter((name) => !name.includes('_'))
    .sort();
}
