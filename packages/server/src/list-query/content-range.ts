import type { ListRange } from './parse-range';

/** `Content-Range: processes 0-25/1234`: the requested range as given (end exclusive), and the total. */
export function contentRange(unit: string, range: ListRange, total: number): string {
  return `${unit} ${range.start}-${range.end}/${total}`;
}

/** Set when the `Content-Range` total is an estimate (see `countTotal`). */
export const TOTAL_ESTIMATED_HEADER = 'X-Total-Estimated';
