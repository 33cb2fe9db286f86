import type { User } from '@wfo/engine';
import type { RequestHandler } from 'express';
import { getUser } from './authentication';
import { HttpError } from './http-error';

/** What a route policy decides on: the request's method and path, and the authenticated user (null: anonymous). */
export interface PolicyRequest {
  readonly method: string;
  readonly path: string;
  readonly user: User | null;
}

/**
 * A route-level policy (orchestrator-core's OPA slot): true lets the request through, false answers 403. Runs after
 * authentication, for every route but the public ones, the websocket and the dashboard included.
 *
 * @example Engine settings for admins only:
 * (req) => !(req.method !== 'GET' && req.path.startsWith('/api/settings')) || hasRole(req.user, 'admin')
 */
export type RoutePolicy = (request: PolicyRequest) => boolean | Promise<boolean>;

export async function checkPolicy(policy: RoutePolicy | undefined, request: PolicyRequest): Promise<void> {
  if (policy && !(await policy(request))) throw new HttpError(403, `Not allowed: ${request.method} ${request.path}`);
}

export function policyMiddleware(policy: RoutePolicy | undefined): RequestHandler {
  return async (req, _res, next) => {
    try {
      await checkPolicy(policy, { method: req.method, path: req.originalUrl.split('?')[0]!, user: getUser(req) });
      next();
    } catch (err) {
      next(err);
    }
  };
}
