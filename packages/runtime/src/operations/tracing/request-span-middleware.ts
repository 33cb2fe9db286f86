import { SpanKind, SpanStatusCode, trace, type Context, type Tracer } from '@opentelemetry/api';
import {
  ATTR_HTTP_REQUEST_METHOD,
  ATTR_HTTP_RESPONSE_STATUS_CODE,
  ATTR_HTTP_ROUTE,
} from '@opentelemetry/semantic-conventions';
import type { ServerResponse } from 'node:http';
import type { TracedRequest } from './tracing';
import { contextFromHeaders } from './w3c-trace-context';

/** Each traced request's span context, for the spans the request's handler makes (held only as long as the request). */
export class RequestContexts {
  private readonly byRequest = new WeakMap<TracedRequest, Context>();

  set(req: TracedRequest, context: Context): void {
    this.byRequest.set(req, context);
  }

  get(req: TracedRequest): Context | undefined {
    return this.byRequest.get(req);
  }
}

/** HTTP methods named as they are; anything else is `_OTHER` (semantic conventions: bounded span names). */
const KNOWN_METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/**
 * One SERVER span per request, following OpenTelemetry's HTTP conventions: named `<method> <route template>` once
 * a route matched (just `<method>` otherwise, as for a 404), with the response status; 5xx answers are errors.
 * The URL path is left out on purpose: callback URLs carry their token in the path.
 */
export function requestSpanMiddleware(tracer: Tracer, contexts: RequestContexts) {
  return (req: TracedRequest, res: ServerResponse, next: () => void): void => {
    const method = KNOWN_METHODS.has(req.method ?? '') ? (req.method as string) : '_OTHER';
    const parent = contextFromHeaders(req.headers);
    const span = tracer.startSpan(
      method,
      { kind: SpanKind.SERVER, attributes: { [ATTR_HTTP_REQUEST_METHOD]: method } },
      parent,
    );
    contexts.set(req, trace.setSpan(parent, span));
    // `close` comes after `finish`, and also when the client went away first: every span ends.
    res.once('close', () => {
      // Express sets the matched route while routing; it is known only now.
      const route = typeof req.route?.path === 'string' ? `${req.baseUrl ?? ''}${req.route.path}` : undefined;
      if (route) {
        span.updateName(`${method} ${route}`);
        span.setAttribute(ATTR_HTTP_ROUTE, route);
      }
      span.setAttribute(ATTR_HTTP_RESPONSE_STATUS_CODE, res.statusCode);
      if (res.statusCode >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
      span.end();
    });
    next();
  };
}
