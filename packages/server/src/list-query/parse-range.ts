import { HttpError } from '../http/http-error';

/** Items `start` to `end - 1`. */
export interface ListRange {
  readonly start: number;
  readonly end: number;
}

const INTEGER = /^\s*-?\d+\s*$/;

/** `range=start,end`; absent or empty means everything. */
export function parseRange(raw: string | undefined): ListRange | null {
  if (!raw) return null;
  const parts = raw.split(',');
  if (parts.length !== 2 || !parts.every((p) => INTEGER.test(p))) {
    throw new HttpError(400, "Invalid range: expected two integers 'start,end' (end exclusive)");
  }
  const [start, end] = parts.map(Number) as [number, number];
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end)) throw new HttpError(400, 'Invalid range: too large');
  if (start < 0) throw new HttpError(400, 'range start must not be negative');
  // orchestrator-core's message.
  if (start >= end) throw new HttpError(400, 'range start must be lower than end');
  return { start, end };
}
