import type { RequestHandler } from 'express';
import { HttpError } from './http-error';

/**
 * Load shedding: at most `limit` requests are answered at once; one more is refused at once with 429 and
 * `Retry-After`, never queued in memory. Requests waiting for a database connection are the ones counted, so a
 * burst of thousands of starts costs a bounded amount of memory and the server keeps answering (health checks are
 * not counted: `exempt`).
 */
export function concurrencyLimit(limit: number, exempt: (path: string) => boolean): RequestHandler {
  let inFlight = 0;
  return (req, res, next) => {
    if (exempt(req.path)) {
      next();
      return;
    }
    if (inFlight >= limit) {
      next(
        new HttpError(
          429,
          `The server is answering ${limit} requests already (WFO_MAX_CONCURRENT_REQUESTS): try again in a second`,
          { headers: { 'Retry-After': '1' } },
        ),
      );
      return;
    }
    inFlight += 1;
    // 'close' fires once for every response, answered or abandoned by the client.
    res.once('close', () => {
      inFlight -= 1;
    });
    next();
  };
}
