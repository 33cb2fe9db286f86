/**
 * A call to the NMS that did not succeed. The message says what was called and what came back, so the failed step
 * shows it in the API and the UI. `status` (the HTTP status, when there was an answer) and `body` are stored with
 * the step's error; 502/503/504 make a task fail as `api_unavailable`.
 */
export class NmsError extends Error {
  override readonly name = 'NmsError';
  constructor(
    message: string,
    readonly method: string,
    readonly url: string,
    readonly status?: number,
    readonly body?: string,
  ) {
    super(message);
  }

  /** The NMS refused the request itself (4xx): repeating it unchanged will not help. */
  get isRefusal(): boolean {
    return this.status !== undefined && this.status >= 400 && this.status < 500;
  }
}
