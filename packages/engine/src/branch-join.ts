import { jsonEqual } from './merge';
import type { State } from './state';

/** The join of parallel branches: the merged state, or the key two branches both changed. */
export type BranchJoin =
  | { readonly kind: 'joined'; readonly state: State }
  | {
      readonly kind: 'conflict';
      readonly key: string;
      readonly branches: readonly [string, string];
      readonly message: string;
    };

/**
 * SPEC §9's state merge for `parallel` (ADR 0017, proposed): every branch started from `fork`; the keys a branch
 * added, changed or deleted (compared as JSON) are applied to the fork state. Two branches changing the same key is
 * a conflict, even with equal values: it means the branches are not independent, which the author should see.
 * Internal `__` keys (the engine's bookkeeping) are never merged. Pure; the building block of the join, which the
 * runtime does not run yet.
 */
export function joinBranchStates(
  parallelName: string,
  fork: State,
  branches: ReadonlyArray<{ readonly name: string; readonly state: State }>,
): BranchJoin {
  const changedBy = new Map<string, string>();
  const joined: State = { ...fork };
  for (const branch of branches) {
    const keys = new Set([...Object.keys(fork), ...Object.keys(branch.state)]);
    for (const key of keys) {
      if (key.startsWith('__')) continue;
      const inBranch = Object.prototype.hasOwnProperty.call(branch.state, key);
      const inFork = Object.prototype.hasOwnProperty.call(fork, key);
      if (inBranch === inFork && (!inBranch || jsonEqual(fork[key], branch.state[key]))) continue;
      const earlier = changedBy.get(key);
      if (earlier !== undefined) {
        return {
          kind: 'conflict',
          key,
          branches: [earlier, branch.name],
          message:
            `Parallel step "${parallelName}": branches "${earlier}" and "${branch.name}" both changed "${key}". ` +
            'Let each branch write keys of its own, and combine them in a step after the parallel step.',
        };
      }
      changedBy.set(key, branch.name);
      if (inBranch) joined[key] = branch.state[key];
      else delete joined[key];
    }
  }
  return { kind: 'joined', state: joined };
}
