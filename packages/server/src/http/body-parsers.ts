import express, { type RequestHandler } from 'express';
import { limitJsonDepth } from './json-depth';

/**
 * The body parsers of routes that take a body: JSON (any JSON value; the route's schema decides what it accepts)
 * and `text/plain` (callback progress). Bodies over `limit` answer 413 before they are buffered whole; JSON nested
 * deeper than `MAX_JSON_DEPTH` answers 422.
 */
export function bodyParsers(limit: string | number): RequestHandler[] {
  return [
    express.json({ limit, strict: false, type: ['application/json', 'application/*+json'] }),
    express.text({ limit, type: 'text/plain' }),
    limitJsonDepth(),
  ];
}
