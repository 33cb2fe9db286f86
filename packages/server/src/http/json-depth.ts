import type { RequestHandler } from 'express';
import { HttpError } from './http-error';

/** How deeply a request body may nest arrays and objects; forms and callbacks need a handful of levels. */
export const MAX_JSON_DEPTH = 64;

/** The nesting depth of a parsed JSON value, without recursion (a hostile body may be thousands deep). */
export function jsonDepth(value: unknown, stopAbove: number): number {
  let deepest = 0;
  const stack: Array<[unknown, number]> = [[value, 0]];
  while (stack.length > 0) {
    const [current, depth] = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    const level = depth + 1;
    if (level > deepest) deepest = level;
    if (deepest > stopAbove) return deepest;
    for (const child of Object.values(current)) stack.push([child, level]);
  }
  return deepest;
}

/**
 * Refuses a body nested deeper than `maxDepth` with 422 before anything handles it: serialising such a value later
 * (a step row, an error answer) would overflow the stack, and no legitimate form or callback nests that deep.
 */
export function limitJsonDepth(maxDepth: number = MAX_JSON_DEPTH): RequestHandler {
  return (req, _res, next) => {
    next(
      jsonDepth(req.body, maxDepth) > maxDepth
        ? new HttpError(422, `Request body is nested deeper than ${maxDepth} levels`)
        : undefined,
    );
  };
}
