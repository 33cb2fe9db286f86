import type { Response } from 'express';
import type { ListTotal } from './count-total';
import type { ListRange } from './parse-range';

/** Set when the `Content-Range` total is an estimate (see `countTotal`). */
export const TOTAL_ESTIMATED_HEADER = 'X-Total-Estimated';

/**
 * `Content-Range: processes 0-25/1234`, the requested range as given (end exclusive) and the total, when the
 * request had a range; and `X-Total-Estimated: true` when the total is an estimate.
 */
export function setContentRange(res: Response, unit: string, range: ListRange | null, total: ListTotal | null): void {
  if (!range || !total) return;
  res.setHeader('Content-Range', `${unit} ${range.start}-${range.end}/${total.total}`);
  if (!total.exact) res.setHeader(TOTAL_ESTIMATED_HEADER, 'true');
}
