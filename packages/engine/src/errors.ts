import type { State } from './state';

/**
 * Errors a step may throw to classify its failure, and the conversion of anything thrown into the error state that
 * a failed step row stores (reference §1.6 step 3).
 */

/** A failure with structured details, stored under `details` in the step row (orchestrator-core's ProcessFailureError). */
export class ProcessFailureError extends Error {
  override readonly name: string = 'ProcessFailureError';
  constructor(
    message: string,
    readonly details: unknown = null,
  ) {
    super(message);
  }
}

/** The data is inconsistent: a task fails with status `inconsistent_data` (assignee NOC). */
export class InconsistentDataError extends ProcessFailureError {
  override readonly name: string = 'InconsistentDataError';
}

/** An upstream API is unreachable: a task fails with status `api_unavailable`. So does any error with status 502/503/504. */
export class ApiUnavailableError extends Error {
  override readonly name: string = 'ApiUnavailableError';
  constructor(
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

/**
 * The process's stored steps no longer match its workflow's definition at the position it would resume from
 * (SPEC §4: WFO fails such a process instead of running the wrong step).
 */
export class WorkflowDefinitionChangedError extends Error {
  override readonly name: string = 'WorkflowDefinitionChangedError';
}

/** The name stored in the error state's `class`: the thrown value's class, as orchestrator-core records it. */
function errorClassName(err: Error): string {
  const ctorName = (err.constructor as { name?: string } | undefined)?.name;
  if (ctorName && ctorName !== 'Error') return ctorName;
  return err.name || 'Error';
}

/** The HTTP status an error carries, if it came from an HTTP client (ApiException, axios-like, fetch wrappers). */
export function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const candidate = err as {
    status?: unknown;
    statusCode?: unknown;
    status_code?: unknown;
    response?: { status?: unknown };
  };
  for (const value of [candidate.status, candidate.statusCode, candidate.status_code, candidate.response?.status]) {
    if (typeof value === 'number' && Number.isInteger(value)) return value;
  }
  return undefined;
}

/**
 * Anything thrown by a step → the error state stored in its row: `{class, error, traceback}`, plus `details` for
 * process failures and `status_code`/`body`/`headers` for errors that carry an HTTP response.
 */
export function toErrorState(thrown: unknown): State {
  if (!(thrown instanceof Error)) {
    const message = typeof thrown === 'string' ? thrown : safeStringify(thrown);
    return { class: 'Error', error: message, traceback: message };
  }
  const state: State = {
    class: errorClassName(thrown),
    error: thrown.message,
    traceback: thrown.stack ?? String(thrown),
  };
  if (thrown instanceof ProcessFailureError) state.details = thrown.details ?? null;
  const status = httpStatusOf(thrown);
  if (status !== undefined) {
    const withBody = thrown as { body?: unknown; headers?: unknown };
    state.status_code = status;
    if (withBody.body !== undefined) state.body = withBody.body;
    if (withBody.headers !== undefined) state.headers = withBody.headers;
  }
  return state;
}

function safeStringify(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
