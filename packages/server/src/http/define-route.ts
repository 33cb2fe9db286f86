import type { User } from '@wfo/engine';
import type { Request, Response } from 'express';
import type { z } from 'zod';

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

/** One documented response of a route. `schema` feeds the OpenAPI document (and response checks in tests). */
export interface ResponseSpec {
  readonly description: string;
  readonly schema?: z.ZodType;
}

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;

/** What a handler gets: the validated inputs, the caller, and Express's request and response for the rest. */
export interface RouteContext<P = unknown, Q = unknown, B = unknown> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /** The authenticated user, `null` when anonymous or on a public route. */
  readonly user: User | null;
  readonly req: Request;
  readonly res: Response;
}

export interface RouteSpec<
  P extends z.ZodObject | undefined,
  Q extends z.ZodObject | undefined,
  B extends z.ZodType | undefined,
> {
  readonly method: HttpMethod;
  /** Express syntax (`/api/processes/:process_id`); the OpenAPI document shows `{process_id}`. */
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  /** @defaultValue derived from method and path, e.g. `getApiProcessesProcessId` */
  readonly operationId?: string;
  readonly tags: readonly string[];
  /** Skip authentication (health). @defaultValue false */
  readonly public?: boolean;
  readonly deprecated?: boolean;
  /** Every `:name` of the path must be a key of this object. Malformed values answer 422. */
  readonly params?: P;
  /** Malformed values answer 422; unknown parameters are ignored. */
  readonly query?: Q;
  /** JSON (or `text/plain`) body. Only routes with a body schema read the body at all. Malformed answers 422. */
  readonly body?: B;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  /** Status of a value returned by the handler. @defaultValue the lowest 2xx of `responses` */
  readonly status?: number;
  /**
   * Return the response body: it is sent as JSON with `status`; `undefined` sends no body (204s). To answer
   * anything else (304, a stream), write to `ctx.res` yourself; a handler that has sent a response returns nothing.
   * Throw `HttpError` (or an engine error) to answer with an error.
   */
  readonly handler: (ctx: RouteContext<Parsed<P>, Parsed<Q>, Parsed<B>>) => unknown;
}

/** A route as the registry keeps it: the spec with its types erased and its defaults applied. */
export interface RouteDefinition {
  readonly method: HttpMethod;
  readonly path: string;
  readonly summary: string;
  readonly description?: string;
  readonly operationId: string;
  readonly tags: readonly string[];
  readonly isPublic: boolean;
  readonly deprecated: boolean;
  readonly params?: z.ZodObject;
  readonly query?: z.ZodObject;
  readonly body?: z.ZodType;
  readonly responses: Readonly<Record<number, ResponseSpec>>;
  readonly successStatus: number;
  readonly handler: (ctx: RouteContext) => unknown;
}

const PATH_PARAM = /:([A-Za-z_][A-Za-z0-9_]*)/g;

/** The `:name` parameters of an Express path, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(PATH_PARAM)].map((m) => m[1]!);
}

/**
 * Declares a route: its inputs as zod schemas (validated before the handler runs), its documented responses and
 * its handler. Pure: nothing is registered until a route module returning it is given to `createApp`.
 * Mistakes in the declaration itself (a path parameter without a schema, no success response) throw here, at
 * startup, rather than at the first request.
 */
export function defineRoute<
  P extends z.ZodObject | undefined = undefined,
  Q extends z.ZodObject | undefined = undefined,
  B extends z.ZodType | undefined = undefined,
>(spec: RouteSpec<P, Q, B>): RouteDefinition {
  const where = `${spec.method.toUpperCase()} ${spec.path}`;
  if (!spec.path.startsWith('/')) throw new TypeError(`${where}: the path must start with '/'`);
  const names = pathParamNames(spec.path);
  const declared = spec.params ? Object.keys(spec.params.shape) : [];
  const missing = names.filter((n) => !declared.includes(n));
  const extra = declared.filter((n) => !names.includes(n));
  if (missing.length > 0 || extra.length > 0) {
    throw new TypeError(
      `${where}: the params schema must declare exactly the path parameters ` +
        `(missing: ${missing.join(', ') || 'none'}; not in the path: ${extra.join(', ') || 'none'})`,
    );
  }
  const successes = Object.keys(spec.responses)
    .map(Number)
    .filter((s) => s >= 200 && s < 300)
    .sort((a, b) => a - b);
  const successStatus = spec.status ?? successes[0];
  if (successStatus === undefined) throw new TypeError(`${where}: declare at least one 2xx response`);

  return {
    method: spec.method,
    path: spec.path,
    summary: spec.summary,
    description: spec.description,
    operationId: spec.operationId ?? defaultOperationId(spec.method, spec.path),
    tags: spec.tags,
    isPublic: spec.public ?? false,
    deprecated: spec.deprecated ?? false,
    params: spec.params,
    query: spec.query,
    body: spec.body,
    responses: spec.responses,
    successStatus,
    // The context is built from the schemas above, so the erased handler receives exactly what it was typed for.
    handler: spec.handler as (ctx: RouteContext) => unknown,
  };
}

function defaultOperationId(method: HttpMethod, path: string): string {
  const words = path
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w[0]!.toUpperCase() + w.slice(1));
  return method + words.join('');
}
