import type { Prisma } from '@wfo/db';
import type { SortDirection } from './parse-sort';

/**
 * The SQL condition of one filter term, given its values (one, or an `a|b` group). Throw `HttpError(400)` for a
 * value the field cannot take. `field` is the name the client used, for messages.
 */
export type FilterClause = (values: readonly string[], field: string) => Prisma.Sql;

export interface OrderTerm {
  readonly expr: Prisma.Sql;
  readonly direction: SortDirection;
}

/** What a list endpoint can be filtered and sorted by, as SQL over the resource's table alias. */
export interface ListResource {
  /** The `Content-Range` unit: `processes`, `workflows`. */
  readonly unit: string;
  /** By snake_case field name; clients may write it camelCase (`lastStatus`). */
  readonly filters: Readonly<Record<string, FilterClause>>;
  /** By the exact names clients use (orchestrator-core accepts both `startedAt` and `started_at`). */
  readonly sorts: Readonly<Record<string, Prisma.Sql>>;
  /** Used when the client gives no sort. */
  readonly defaultOrder: readonly OrderTerm[];
  /** A unique column ending every ORDER BY, so pages never overlap or skip rows. */
  readonly tieBreaker: Prisma.Sql;
}
