import { HttpError } from '../http/http-error';

/** One `field,value` pair of a `filter` parameter. */
export interface FilterTerm {
  /** As the client wrote it (camelCase or snake_case). */
  readonly field: string;
  /** One value, or the alternatives of an `a|b` group. */
  readonly values: readonly string[];
  /** The value started with `!`. */
  readonly negated: boolean;
}

/**
 * `filter=field,value[,field,value…]`. An absent or empty parameter means no filter; an odd number of parts
 * answers 400 (orchestrator-core's message).
 *
 * Unlike orchestrator-core, values are not also split on `-`: it deprecated that separator in favour of `|`, and
 * splitting on it breaks dates, uuids and names with dashes.
 */
export function parseFilter(raw: string | undefined): FilterTerm[] {
  if (!raw) return [];
  const parts = raw.split(',');
  if (parts.length % 2 !== 0) throw new HttpError(400, 'Invalid number of filter arguments');
  const terms: FilterTerm[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const field = parts[i]!;
    let value = parts[i + 1]!;
    const negated = value.startsWith('!');
    if (negated) value = value.slice(1);
    const values = value.split('|').filter((v) => v !== '');
    if (values.length === 0) throw new HttpError(400, `Invalid filter arguments: no value for '${field}'`);
    terms.push({ field, values, negated });
  }
  return terms;
}
