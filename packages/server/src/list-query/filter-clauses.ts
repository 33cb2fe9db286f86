import { Prisma } from '@wfo/db';
import { HttpError } from '../http/http-error';
import { parseFilterDate } from './filter-date';
import type { FilterClause } from './list-resource';

// Builders of the filter semantics of orchestrator-core's inferred filters, one per column kind.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const COMPARISON = /^(>=|<=|>|<)/;
const INTEGER = /^-?\d{1,15}$/;

/**
 * Free text: one value matches case-insensitively with `ILIKE`, so `%` and `_` work as wildcards
 * (orchestrator-core's default `FILTER_BY_MODE=exact`); an `a|b` group matches exactly. Nullable columns compare
 * as `''` when null, so `!value` keeps the nulls.
 */
export function textFilter(column: Prisma.Sql, opts: { nullable?: boolean } = {}): FilterClause {
  const col = opts.nullable ? Prisma.sql`coalesce(${column}, '')` : column;
  return (values) =>
    values.length === 1 ? Prisma.sql`${col} ILIKE ${values[0]}` : Prisma.sql`${col} = ANY(${[...values]}::text[])`;
}

/**
 * A column holding a fixed set of wire strings (statuses, assignees, targets), all in one case. A plain equality
 * on the canonical case selects the same rows as orchestrator-core's `ILIKE`, and unlike it can use the indexes
 * that lead with the column (`ix_processes_last_status`). A value with `%` still matches as a pattern.
 */
export function enumFilter(column: Prisma.Sql, canonical: (value: string) => string): FilterClause {
  return (values) => {
    if (values.length === 1 && values[0]!.includes('%')) return Prisma.sql`${column} ILIKE ${values[0]}`;
    const wanted = values.map(canonical);
    return wanted.length === 1 ? Prisma.sql`${column} = ${wanted[0]}` : Prisma.sql`${column} = ANY(${wanted}::text[])`;
  };
}

/**
 * An opaque identifier (customer ids): values compare exactly, which the column's btree index serves, unlike the
 * `ILIKE` orchestrator-core uses (a customer with few subscriptions would otherwise cost a scan of the table).
 * A value with `%` still matches as a case-insensitive pattern, for the rare search by part of an id.
 */
export function identifierFilter(column: Prisma.Sql): FilterClause {
  return enumFilter(column, (value) => value);
}

/** `true` or `false`, in any case; anything else answers 400. */
export function booleanFilter(column: Prisma.Sql): FilterClause {
  return (values, field) => {
    const wanted = values.map((v) => {
      const lower = v.toLowerCase();
      if (lower !== 'true' && lower !== 'false')
        throw new HttpError(400, `Invalid filter value for '${field}': use true or false`);
      return lower === 'true';
    });
    return Prisma.sql`${column} IN (${Prisma.join(wanted.map((b) => (b ? Prisma.sql`TRUE` : Prisma.sql`FALSE`)))})`;
  };
}

/**
 * A column clients compare: each value may start with `>`, `>=`, `<` or `<=`; `compare` turns the operator (if
 * any) and the rest into a condition. Values of a group are alternatives.
 */
function comparableFilter(
  compare: (op: string | undefined, operand: string, field: string) => Prisma.Sql,
): FilterClause {
  return (values, field) => {
    const clauses = values.map((value) => {
      const op = COMPARISON.exec(value)?.[1];
      return compare(op, op ? value.slice(op.length) : value, field);
    });
    return clauses.length === 1 ? clauses[0]! : Prisma.sql`(${Prisma.join(clauses, ' OR ')})`;
  };
}

/**
 * A timestamp. `>`, `>=`, `<`, `<=` before a date compare; a value without one matches the UTC text form of the
 * timestamp with `ILIKE` (`2024-05-01%` is a day), as orchestrator-core matches the timestamp's text.
 */
export function dateFilter(column: Prisma.Sql): FilterClause {
  return comparableFilter((op, operand, field) => {
    if (!op) return Prisma.sql`(${column} AT TIME ZONE 'UTC')::text ILIKE ${operand}`;
    const seconds = parseFilterDate(operand);
    if (seconds === null) {
      throw new HttpError(400, `Invalid filter value for '${field}': not an ISO 8601 date or epoch seconds`);
    }
    return Prisma.sql`${column} ${Prisma.raw(op)} to_timestamp(${seconds}::float8)`;
  });
}

/**
 * An integer column (`version`): a plain value compares equal, `>`, `>=`, `<`, `<=` before it compare, as
 * orchestrator-core's comparable filters do; anything else answers 400.
 */
export function integerFilter(column: Prisma.Sql): FilterClause {
  return comparableFilter((op, operand, field) => {
    if (!INTEGER.test(operand)) throw new HttpError(400, `Invalid filter value for '${field}': not an integer`);
    return Prisma.sql`${column} ${Prisma.raw(op ?? '=')} ${Number(operand)}::int8`;
  });
}

/**
 * A uuid column clients may match partially: whole uuids compare as uuids (an index lookup); anything else matches
 * the uuid's text, as orchestrator-core does.
 */
export function uuidTextFilter(column: Prisma.Sql): FilterClause {
  const text = textFilter(Prisma.sql`${column}::text`);
  return (values, field) =>
    values.every((v) => UUID.test(v))
      ? Prisma.sql`${column} = ANY(${values.map((v) => v.toLowerCase())}::uuid[])`
      : text(values, field);
}

/** A uuid column matched exactly; a value that is not a uuid answers 400. */
export function exactUuidFilter(column: Prisma.Sql): FilterClause {
  return (values, field) => {
    if (!values.every((v) => UUID.test(v))) throw new HttpError(400, `Invalid filter value for '${field}': not a UUID`);
    return Prisma.sql`${column} = ANY(${values.map((v) => v.toLowerCase())}::uuid[])`;
  };
}

/** Exact, case-sensitive equality with any of the values. */
export function equalsFilter(column: Prisma.Sql): FilterClause {
  return (values) => Prisma.sql`${column} = ANY(${[...values]}::text[])`;
}

/** Applies `inner` inside a subquery: `wrap(condition)` builds the whole condition around it. */
export function throughSubquery(wrap: (condition: Prisma.Sql) => Prisma.Sql, inner: FilterClause): FilterClause {
  return (values, field) => wrap(inner(values, field));
}
