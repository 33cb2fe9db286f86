import { constantTimeEqual, type User } from '@wfo/engine';
import type { Authenticate } from './authentication';
import { bearerAuthentication, verifyWithAny, type TokenVerifier } from './bearer-token';

/** Static API tokens (token → user name), compared in constant time; null for a token that is not one of them. */
export function staticTokenVerifier(tokens: ReadonlyMap<string, string>): TokenVerifier {
  const entries = [...tokens.entries()];
  return async (presented): Promise<User | null> => {
    let user: string | undefined;
    for (const [token, name] of entries) if (constantTimeEqual(token, presented)) user = name;
    return user === undefined ? null : { name: user, user_name: user };
  };
}

/**
 * Authenticate `Authorization: Bearer <token>` against static API tokens (token → user name). A missing or unknown
 * token answers 401.
 */
export function staticTokenAuthentication(tokens: ReadonlyMap<string, string>): Authenticate {
  return bearerAuthentication(verifyWithAny([staticTokenVerifier(tokens)]));
}
