import type { User } from '@wfo/engine';
import type { Request, RequestHandler } from 'express';

/**
 * Identifies the caller of a request. Resolve to the user, or to `null` for an anonymous caller that is allowed in
 * (authentication off); throw an `HttpError` (401, 403) to refuse the request. Any other thrown error is a bug and
 * answers 500.
 */
export type Authenticate = (req: Request) => User | null | Promise<User | null>;

// Keyed by the request object, so nothing is added to Express's global Request type and a user cannot leak
// between requests.
const users = new WeakMap<Request, User | null>();

/** The user `authenticate` resolved for this request; `null` when anonymous, or on a public route. */
export function getUser(req: Request): User | null {
  return users.get(req) ?? null;
}

/** Runs `authenticate` (if any) and remembers its user for `getUser`. */
export function authenticationMiddleware(authenticate: Authenticate | undefined): RequestHandler {
  return async (req, _res, next) => {
    try {
      users.set(req, authenticate ? await authenticate(req) : null);
      next();
    } catch (err) {
      next(err);
    }
  };
}
