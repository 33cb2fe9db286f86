import { STATUS_CODES } from 'node:http';

/**
 * orchestrator-core's error body (`ProblemDetailException`): `detail` is the human message, `title` the HTTP reason
 * phrase. Form errors add `type` and their own fields; every error the server answers has this shape.
 */
export interface ProblemDetail {
  readonly detail: unknown;
  readonly status: number;
  readonly title: string;
  readonly type?: string;
  readonly [extra: string]: unknown;
}

/** The standard reason phrase of a status code (`Not Found`, `Unprocessable Entity`, …). */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? 'Unknown Status';
}

export function problemDetail(status: number, detail: unknown, extra: Record<string, unknown> = {}): ProblemDetail {
  return { detail, status, title: reasonPhrase(status), ...extra };
}
