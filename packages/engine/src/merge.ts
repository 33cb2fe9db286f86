import type { State } from './state';

/** A plain JSON object (not an array, not a class instance such as a domain model). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * User input is deep-merged into the state on resume (reference §1.5): objects merge recursively, lists and
 * scalars are replaced.
 */
export function deepMerge(base: State, overlay: State): State {
  const merged: State = { ...base };
  for (const [key, value] of Object.entries(overlay)) {
    const current = merged[key];
    merged[key] = isPlainObject(current) && isPlainObject(value) ? deepMerge(current, value) : value;
  }
  return merged;
}

/**
 * A JSON round trip: what the database will store and what the next step will see. Domain models turn into their
 * JSON here (`toJSON`); a value JSON cannot hold (a BigInt, a cycle) throws, and the step fails with that error.
 */
export function toJsonState(state: State): State {
  return JSON.parse(JSON.stringify(state)) as State;
}

/** Equality of JSON values, ignoring object key order (Postgres `jsonb` does not keep it). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || a === undefined || b === undefined) return (a ?? null) === (b ?? null);
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  }
  if (typeof a === 'object' && typeof b === 'object') {
    const aKeys = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const bKeys = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return (
      aKeys.length === bKeys.length &&
      aKeys.every((k) => jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
    );
  }
  return false;
}
