import type { RequestHandler } from 'express';
import { HttpError } from './http-error';

/** Last in the chain: nothing answered the path. */
export const notFoundHandler: RequestHandler = (_req, _res, next) => {
  next(new HttpError(404, 'Not Found'));
};

/** A known path asked with a method it does not answer: 405 with the methods it does (`Allow`). */
export function methodNotAllowedHandler(methods: readonly string[]): RequestHandler {
  const allow = [...new Set(methods)].join(', ');
  return (req, _res, next) => {
    // OPTIONS is left to Express, which answers it with the allowed methods.
    if (req.method === 'OPTIONS') {
      next();
      return;
    }
    next(new HttpError(405, 'Method Not Allowed', { headers: { Allow: allow } }));
  };
}
