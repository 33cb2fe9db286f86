import { Prisma } from '@wfo/db';
import { HttpError } from '../http/http-error';
import type { FilterClause } from '../list-query/list-resource';

// Filter kinds the subscription list needs beyond the shared ones in list-query/filter-clauses.

const COMPARISON = /^(>=|<=|>|<)/;
const INTEGER = /^-?\d{1,15}$/;

/**
 * An integer column (`version`): a plain value compares equal, `>`, `>=`, `<`, `<=` before it compare, as
 * orchestrator-core's comparable filters do. Values of a group are alternatives; anything else answers 400.
 */
export function integerFilter(column: Prisma.Sql): FilterClause {
  return (values, field) => {
    const clauses = values.map((value) => {
      const op = COMPARISON.exec(value)?.[1];
      const number = op ? value.slice(op.length) : value;
      if (!INTEGER.test(number)) throw new HttpError(400, `Invalid filter value for '${field}': not an integer`);
      return Prisma.sql`${column} ${Prisma.raw(op ?? '=')} ${Number(number)}::int8`;
    });
    return clauses.length === 1 ? clauses[0]! : Prisma.sql`(${Prisma.join(clauses, ' OR ')})`;
  };
}

/**
 * An opaque identifier (customer ids): values compare exactly, which the column's btree index serves, unlike the
 * `ILIKE` orchestrator-core uses (a customer with few subscriptions would otherwise cost a scan of the table).
 * A value with `%` still matches as a case-insensitive pattern, for the rare search by part of an id.
 */
export function identifierFilter(column: Prisma.Sql): FilterClause {
  return (values) => {
    if (values.length === 1 && values[0]!.includes('%')) return Prisma.sql`${column} ILIKE ${values[0]}`;
    return values.length === 1
      ? Prisma.sql`${column} = ${values[0]}`
      : Prisma.sql`${column} = ANY(${[...values]}::text[])`;
  };
}
