import type { User } from '@wfo/engine';
import type { Request } from 'express';
import type { Authenticate } from './authentication';
import { HttpError } from './http-error';

/** Checks a bearer token: resolves to its user, or null when the token is not one this verifier knows. */
export type TokenVerifier = (token: string) => Promise<User | null>;

const challenge = { headers: { 'WWW-Authenticate': 'Bearer' } };

/** The token of `Authorization: Bearer <token>`, or null. */
export function bearerTokenOf(req: Pick<Request, 'headers'>): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return match ? match[1]! : null;
}

/**
 * One token, several verifiers (static API tokens, then the OIDC issuer's JWTs): the first that knows the token
 * decides. A token none of them knows answers 401, as does a missing one.
 */
export function verifyWithAny(verifiers: readonly TokenVerifier[]): (token: string) => Promise<User> {
  return async (token) => {
    for (const verify of verifiers) {
      const user = await verify(token);
      if (user) return user;
    }
    throw new HttpError(401, 'Invalid token', challenge);
  };
}

/** Authenticate requests by their bearer token. */
export function bearerAuthentication(verify: (token: string) => Promise<User>): Authenticate {
  return (req) => {
    const token = bearerTokenOf(req);
    if (!token) throw new HttpError(401, 'Not authenticated', challenge);
    return verify(token);
  };
}
