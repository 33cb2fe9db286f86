import {
  FormNotCompleteError,
  FormOverflowError,
  FormValidationError,
  ProcessOperationError,
  type Logger,
} from '@wfo/engine';
import type { ErrorRequestHandler, Response } from 'express';
import { isDataError, postgresErrorCode } from '@wfo/db';
import { ProductNotSyncedError, SubscriptionNotFoundError } from '@wfo/domain';
import { HttpError } from './http-error';
import { problemDetail, type ProblemDetail } from './problem-detail';
import { serviceUnavailable } from './service-unavailable';
import { logSafePath } from './log-safe-path';

/**
 * The one place errors become responses, always in orchestrator-core's shapes: `{detail, status, title}` for
 * problems, pydantic-forms' bodies for form errors. Only unexpected errors are logged (with their stack); their
 * message is never sent, since it may expose internals.
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    // Too late for an error body: let Express close the connection.
    if (res.headersSent) {
      next(err);
      return;
    }
    const known = knownErrorResponse(err);
    if (known) {
      send(res, known.body, known.headers);
      return;
    }
    const unavailable = serviceUnavailable(err);
    if (unavailable) {
      logger.warn('A request failed: a service is unavailable', {
        method: req.method,
        path: logSafePath(req.path),
        error: err instanceof Error ? err.message : String(err),
      });
      send(res, problemDetail(503, unavailable.detail), unavailable.headers);
      return;
    }
    logger.error('Unhandled error while answering a request', {
      method: req.method,
      path: logSafePath(req.path),
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    send(res, problemDetail(500, 'Internal Server Error'));
  };
}

interface ErrorResponse {
  readonly body: ProblemDetail;
  readonly headers?: Readonly<Record<string, string>>;
}

function knownErrorResponse(err: unknown): ErrorResponse | null {
  if (err instanceof HttpError) {
    return { body: problemDetail(err.status, err.detail, { ...err.extra }), headers: err.headers };
  }
  if (err instanceof ProcessOperationError) return { body: problemDetail(err.httpStatus, err.message) };
  // pydantic-forms' handler: a next page to fill in (510) or answers that do not validate (400).
  if (err instanceof FormNotCompleteError) {
    return {
      body: {
        type: 'FormNotCompleteError',
        detail: err.message,
        title: 'Form not complete',
        status: 510,
        form: err.form,
        meta: err.meta ?? null,
      },
    };
  }
  if (err instanceof FormValidationError) {
    return {
      body: {
        type: 'FormValidationError',
        detail: err.message,
        title: 'Form not valid',
        status: 400,
        validation_errors: err.errors,
      },
    };
  }
  // More answers than pages is the client's mistake: 4xx (SPEC §8), where orchestrator-core answers 500.
  if (err instanceof FormOverflowError) {
    return { body: { type: 'FormOverflowError', detail: err.message, title: 'Bad Request', status: 400 } };
  }
  // A value Postgres refuses to store (a NUL character, a number or date out of range, a too-long string) or a
  // violated constraint: the input's fault, and nothing was written (the statement failed).
  if (isDataError(err)) {
    return {
      body: problemDetail(422, `The database refused a value of the request (SQLSTATE ${postgresErrorCode(err)})`),
    };
  }
  if (err instanceof SubscriptionNotFoundError) return { body: problemDetail(404, err.message) };
  if (err instanceof ProductNotSyncedError) return { body: problemDetail(409, err.message) };
  return bodyParserErrorResponse(err);
}

/**
 * Errors of Express's body parsers (and other http-errors style errors) carry a `status` and an `expose` flag.
 * Malformed JSON answers 422 as FastAPI does; an oversized body 413.
 */
function bodyParserErrorResponse(err: unknown): ErrorResponse | null {
  if (typeof err !== 'object' || err === null) return null;
  const { status, type, expose, message, limit } = err as {
    status?: unknown;
    type?: unknown;
    expose?: unknown;
    message?: unknown;
    limit?: unknown;
  };
  if (type === 'entity.parse.failed') {
    return { body: problemDetail(422, `Request body is not valid JSON: ${String(message)}`) };
  }
  if (type === 'entity.too.large') {
    const max = typeof limit === 'number' ? ` of ${limit} bytes` : '';
    return { body: problemDetail(413, `Request body is larger than the limit${max}`) };
  }
  if (typeof status === 'number' && status >= 400 && status < 500 && expose !== false) {
    return { body: problemDetail(status, typeof message === 'string' ? message : null) };
  }
  return null;
}

function send(res: Response, body: ProblemDetail, headers: Readonly<Record<string, string>> = {}): void {
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  let json: string;
  try {
    json = JSON.stringify(body);
  } catch {
    // An error carrying a value that cannot be serialised (too deep, circular): never Express's HTML page.
    json = JSON.stringify(problemDetail(500, 'Internal Server Error'));
    res.status(500);
    res.type('application/json').send(json);
    return;
  }
  res.status(body.status).type('application/json').send(json);
}
