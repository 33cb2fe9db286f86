import { Prisma } from '@wfo/db';
import { HttpError } from '../http/http-error';
import { camelToSnake, snakeToCamel } from './camel-case';
import type { ListResource, OrderTerm } from './list-resource';
import type { FilterTerm } from './parse-filter';
import type { SortTerm } from './parse-sort';

export interface ListSql {
  /** The filters, ANDed; `TRUE` without any. */
  readonly where: Prisma.Sql;
  readonly orderBy: Prisma.Sql;
}

/** Turns parsed filter and sort terms into SQL over the resource; an unknown field answers 400. */
export function buildListSql(
  resource: ListResource,
  filters: readonly FilterTerm[],
  sort: readonly SortTerm[],
): ListSql {
  return { where: whereOf(resource, filters), orderBy: orderByOf(resource, sort) };
}

function whereOf(resource: ListResource, filters: readonly FilterTerm[]): Prisma.Sql {
  const unknown = filters.filter((f) => !Object.hasOwn(resource.filters, camelToSnake(f.field)));
  if (unknown.length > 0) {
    const valid = Object.keys(resource.filters).map(snakeToCamel).sort();
    throw new HttpError(
      400,
      `Invalid filter arguments: unknown field ${unknown.map((f) => `'${shorten(f.field)}'`).join(', ')}; ` +
        `valid fields: ${valid.join(', ')}`,
    );
  }
  if (filters.length === 0) return Prisma.sql`TRUE`;
  const conditions = filters.map((f) => {
    const condition = resource.filters[camelToSnake(f.field)]!(f.values, f.field);
    // COALESCE: a negated condition that is NULL for a row must exclude it, not make the whole WHERE unknown.
    return f.negated ? Prisma.sql`NOT COALESCE((${condition}), FALSE)` : Prisma.sql`(${condition})`;
  });
  return Prisma.join(conditions, ' AND ');
}

function orderByOf(resource: ListResource, sort: readonly SortTerm[]): Prisma.Sql {
  const unknown = sort.filter((s) => !Object.hasOwn(resource.sorts, s.field));
  if (unknown.length > 0) {
    const valid = Object.keys(resource.sorts)
      .filter((name) => !name.includes('_'))
      .sort();
    throw new HttpError(
      400,
      `Invalid sort arguments: unknown field ${unknown.map((s) => `'${shorten(s.field)}'`).join(', ')}; ` +
        `valid fields: ${valid.join(', ')}`,
    );
  }
  const terms: OrderTerm[] =
    sort.length > 0
      ? sort.map((s) => ({ expr: resource.sorts[s.field]!, direction: s.direction }))
      : [...resource.defaultOrder];
  // The tie-breaker runs against the last key's direction: the list indexes are `(column DESC, id)`, which Postgres
  // reads forwards for `column DESC, id ASC` and backwards for `column ASC, id DESC`. Either way the first page is
  // an index range scan that stops after `end` rows, whatever the table's size.
  const last = terms[terms.length - 1]?.direction ?? 'ASC';
  terms.push({ expr: resource.tieBreaker, direction: last === 'DESC' ? 'ASC' : 'DESC' });
  return Prisma.join(
    terms.map((t) => Prisma.sql`${t.expr} ${Prisma.raw(t.direction)}`),
    ', ',
  );
}

function shorten(name: string): string {
  return name.length > 64 ? `${name.slice(0, 64)}…` : name;
}
