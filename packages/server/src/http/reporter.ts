import { SYSTEM_USER, type User } from '@wfo/engine';
import { z } from 'zod';

/**
 * The `reporter` query parameter of the process commands: who to record as the process's user instead of the
 * authenticated one (orchestrator-core's `Reporter`, at most 100 characters). Put it in a route's `query` schema.
 */
export const reporterQuery = z
  .string()
  .max(100, 'reporter must be at most 100 characters')
  .optional()
  .meta({ description: 'Record this name as the acting user instead of the authenticated user (≤ 100 characters).' });

/**
 * The user name a process operation is recorded under: the `reporter` if given, else the authenticated user's
 * `name` (or `user_name`), else `SYSTEM`. An empty reporter counts as absent, as in orchestrator-core.
 */
export function resolveUserName(reporter: string | undefined, user: User | null): string {
  if (reporter) return reporter;
  if (user) {
    if (typeof user.name === 'string' && user.name) return user.name;
    if (typeof user.user_name === 'string' && user.user_name) return user.user_name;
  }
  return SYSTEM_USER;
}
