import { HttpError } from '../http/http-error';

export type SortDirection = 'ASC' | 'DESC';

export interface SortTerm {
  readonly field: string;
  readonly direction: SortDirection;
}

/**
 * `sort=field,asc|desc[,field,asc|desc…]`. A lone field without a direction is ignored, as orchestrator-core
 * ignores it; any other malformed pair answers 400.
 */
export function parseSort(raw: string | undefined): SortTerm[] {
  if (!raw) return [];
  const parts = raw.split(',');
  if (parts.length < 2) return [];
  if (parts.length % 2 !== 0) throw new HttpError(400, 'Invalid sort arguments: expected field,direction pairs');
  const terms: SortTerm[] = [];
  for (let i = 0; i < parts.length; i += 2) {
    const field = parts[i]!;
    const direction = parts[i + 1]!.toUpperCase();
    if (direction !== 'ASC' && direction !== 'DESC') {
      throw new HttpError(400, `Invalid sort arguments: the direction of '${field}' must be asc or desc`);
    }
    terms.push({ field, direction });
  }
  return terms;
}
