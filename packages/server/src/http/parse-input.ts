import type { z } from 'zod';
import { HttpError } from './http-error';

/** Where a request input comes from; names the field in error messages. */
export type InputLocation = 'path' | 'query' | 'body';

/**
 * Validates one input of a request; malformed input answers 422, as FastAPI does, with a message that names the
 * parameter or the body field. Values are not echoed back: they may be large or secret.
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown, location: InputLocation): z.output<S> {
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) return result.data;
  if (location === 'body' && value === undefined) {
    throw new HttpError(422, 'A request body is required: send JSON with Content-Type: application/json');
  }
  const messages = result.error.issues.map((issue) => describeIssue(issue, location));
  throw new HttpError(422, [...new Set(messages)].join('; '));
}

function describeIssue(issue: z.core.$ZodIssue, location: InputLocation): string {
  const missing = issue.code === 'invalid_type' && issue.input === undefined;
  const message = missing ? 'is required' : issue.message;
  if (location === 'body') {
    return issue.path.length === 0
      ? `Request body: ${message}`
      : `Request body field ${formatPath(issue.path)}: ${message}`;
  }
  const [name, ...rest] = issue.path;
  const kind = location === 'path' ? 'Path parameter' : 'Query parameter';
  if (name === undefined) return `${kind}s: ${message}`;
  const where = rest.length > 0 ? `${String(name)} (at ${formatPath(rest)})` : String(name);
  return `${kind} '${where}': ${message}`;
}

/** `['pages', 0, 'name']` → `pages[0].name`. */
function formatPath(path: readonly PropertyKey[]): string {
  return path.map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`)).join('');
}
