/**
 * The SQLSTATE of a failed query, whether it surfaced as a Prisma error (raw queries through the pg adapter carry
 * it in `meta.driverAdapterError.cause`) or as a pg error.
 */
export function postgresErrorCode(err: unknown): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const prismaCause = (
    err as { meta?: { driverAdapterError?: { cause?: { originalCode?: unknown; code?: unknown } } } }
  ).meta?.driverAdapterError?.cause;
  const code = prismaCause?.originalCode ?? prismaCause?.code ?? (err as { code?: unknown }).code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * Errors in the data itself (class 22: a value Postgres cannot store, such as a NUL character or a too-long string;
 * class 23: a violated constraint): trying again with the same data fails again.
 */
export function isDataError(err: unknown): boolean {
  const code = postgresErrorCode(err);
  return code !== undefined && (code.startsWith('22') || code.startsWith('23'));
}

const TRANSIENT_PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028', 'P2034']);
const TRANSIENT_NODE_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND']);
const TRANSIENT_MESSAGES =
  /connection terminated|terminating connection|timeout exceeded when trying to connect|connection refused|server closed the connection|can't reach database/i;

/**
 * Errors that go away by themselves: the database (or the network to it) unavailable, restarting or overloaded, a
 * serialization failure or deadlock. Worth retrying; anything else fails the same way again.
 */
export function isTransientError(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false;
  const code = postgresErrorCode(err);
  if (code && (/^(08|53|57)/.test(code) || code === '40001' || code === '40P01')) return true;
  const { code: ownCode, message, cause } = err as { code?: unknown; message?: unknown; cause?: unknown };
  if (typeof ownCode === 'string' && (TRANSIENT_PRISMA_CODES.has(ownCode) || TRANSIENT_NODE_CODES.has(ownCode)))
    return true;
  if (typeof message === 'string' && TRANSIENT_MESSAGES.test(message)) return true;
  return cause !== undefined && cause !== err && isTransientError(cause);
}
