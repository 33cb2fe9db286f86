import type { Logger } from '@wfo/engine';
import type { RequestHandler } from 'express';
import { getUser } from './authentication';
import type { RouteDefinition } from './define-route';
import { parseInput } from './parse-input';

export interface RouteHandlerOptions {
  /** Check returned bodies against the documented response schema (tests); a mismatch answers 500. */
  readonly validateResponses: boolean;
  readonly logger: Logger;
}

/** The Express handler of a route: validate every input, run the handler, send what it returned. */
export function routeHandler(route: RouteDefinition, opts: RouteHandlerOptions): RequestHandler {
  return async (req, res, next) => {
    try {
      // Validation happens before the handler runs, so malformed input can never cause a partial write.
      const params = route.params ? parseInput(route.params, req.params, 'path') : undefined;
      const query = route.query ? parseInput(route.query, req.query, 'query') : undefined;
      const body = route.body ? parseInput(route.body, req.body, 'body') : undefined;
      const result = await route.handler({ params, query, body, user: getUser(req), req, res });
      if (res.headersSent) return;
      if (opts.validateResponses) checkResponse(route, result);
      if (result === undefined) res.status(route.successStatus).end();
      else res.status(route.successStatus).json(result);
    } catch (err) {
      next(err);
    }
  };
}

function checkResponse(route: RouteDefinition, body: unknown): void {
  const schema = route.responses[route.successStatus]?.schema;
  if (!schema) return;
  const result = schema.safeParse(body);
  if (result.success) return;
  const issues = result.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
  throw new Error(`${route.method.toUpperCase()} ${route.path} answered a body its schema rejects: ${issues}`);
}
