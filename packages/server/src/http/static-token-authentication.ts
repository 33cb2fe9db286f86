import { constantTimeEqual, type User } from '@wfo/engine';
import type { Request } from 'express';
import type { Authenticate } from './authentication';
import { HttpError } from './http-error';

/**
 * Authenticate `Authorization: Bearer <token>` against static API tokens (token → user name). A missing or unknown
 * token answers 401. Tokens are compared in constant time.
 */
export function staticTokenAuthentication(tokens: ReadonlyMap<string, string>): Authenticate {
  const entries = [...tokens.entries()];
  return (req: Request): User => {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer\s+(\S+)$/i.exec(header);
    if (!match) {
      throw new HttpError(401, 'Not authenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
    }
    const presented = match[1]!;
    let user: string | undefined;
    for (const [token, name] of entries) if (constantTimeEqual(token, presented)) user = name;
    if (user === undefined) throw new HttpError(401, 'Invalid token', { headers: { 'WWW-Authenticate': 'Bearer' } });
    return { name: user, user_name: user };
  };
}
