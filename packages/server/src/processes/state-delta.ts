import { isPlainObject, jsonEqual, type State } from '@wfo/engine';

/**
 * What `next` changed relative to `previous`: keys added or changed, recursing into objects present in both
 * (orchestrator-core's `get_dict_updates`). Removed keys do not show.
 */
export function stateDelta(previous: State, next: State): State {
  const delta: State = {};
  for (const [key, value] of Object.entries(next)) {
    if (!Object.hasOwn(previous, key)) {
      delta[key] = value;
      continue;
    }
    const before = previous[key];
    if (isPlainObject(before) && isPlainObject(value)) {
      const nested = stateDelta(before, value);
      if (Object.keys(nested).length > 0) delta[key] = nested;
    } else if (!jsonEqual(before, value)) {
      delta[key] = value;
    }
  }
  return delta;
}
