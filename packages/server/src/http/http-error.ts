import { reasonPhrase } from './problem-detail';

export interface HttpErrorOptions {
  /** Response headers to send with the error (`Allow`, `WWW-Authenticate`, …). */
  readonly headers?: Readonly<Record<string, string>>;
  /** Extra fields of the error body, next to `detail`, `status` and `title`. */
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly cause?: unknown;
}

/**
 * An error a route answers with on purpose: the error middleware sends `status` with
 * `{detail, status, title}`. Throw it from handlers (and from `authenticate`) instead of writing error responses.
 */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  readonly headers: Readonly<Record<string, string>>;
  readonly extra: Readonly<Record<string, unknown>>;

  constructor(
    readonly status: number,
    /** The human message; `null` sends `"detail": null`, as orchestrator-core's bare `raise_status(404)` does. */
    readonly detail: string | null = null,
    opts: HttpErrorOptions = {},
  ) {
    super(detail ?? reasonPhrase(status), { cause: opts.cause });
    this.headers = opts.headers ?? {};
    this.extra = opts.extra ?? {};
  }
}
