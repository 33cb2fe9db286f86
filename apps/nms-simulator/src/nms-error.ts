/** A refusal the simulator answers with: an HTTP status and a message saying what went wrong. */
export class NmsHttpError extends Error {
  override readonly name = 'NmsHttpError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
