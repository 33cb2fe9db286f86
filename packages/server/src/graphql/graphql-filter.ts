import { HttpError } from '../http/http-error';
import type { FilterTerm } from '../list-query/parse-filter';
import type { SortTerm } from '../list-query/parse-sort';

export interface GraphqlFilter {
  readonly field: string;
  readonly value: string;
}

export interface GraphqlSort {
  readonly field: string;
  readonly order: 'ASC' | 'DESC';
}

// Values of these fields contain dashes (dates, uuids), so a dash does not separate alternatives in them.
const DASH_IS_PART_OF_VALUE = /date|At$|id$/i;

/**
 * orchestrator-core's GraphQL filter language: a leading `!` negates, and a value splits into alternatives on `|`,
 * and also on `-` except for fields whose name contains "date" or ends in "id" (or in "At": timestamps, which
 * orchestrator-core would split too). The UI relies on the dash form: `lastStatus: "failed-api_unavailable"`.
 */
export function graphqlFilterTerm({ field, value }: GraphqlFilter): FilterTerm {
  const negated = value.startsWith('!');
  const rest = negated ? value.slice(1) : value;
  const values = rest.split(DASH_IS_PART_OF_VALUE.test(field) ? '|' : /[|-]/).filter((v) => v !== '');
  if (values.length === 0) throw new HttpError(400, `Invalid filter arguments: no value for '${field}'`);
  return { field, values, negated };
}

export function graphqlSortTerm({ field, order }: GraphqlSort): SortTerm {
  return { field, direction: order };
}
