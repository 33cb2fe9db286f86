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
