import { Client } from 'pg';
import { withDatabaseName } from './database-url';
import { isTransientError } from './postgres-error';

/**
 * Waits until the server of `databaseUrl` accepts connections (its `postgres` database answers a query): a
 * Postgres still starting (SQLSTATE 57P03), a port published before the server behind it listens (Docker), or a
 * network not yet up. Anything else (wrong password, …) fails at once. Calls `onWait` once, when it has to wait.
 */
export async function waitForPostgres(
  databaseUrl: string,
  opts: { timeoutMs?: number; onWait?: (reason: string) => void } = {},
): Promise<void> {
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  let waited = false;
  for (;;) {
    const client = new Client({
      connectionString: withDatabaseName(databaseUrl, 'postgres'),
      connectionTimeoutMillis: 5_000,
    });
    // A connection the server drops while starting also arrives as an 'error' event.
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return;
    } catch (err) {
      if (!isTransientError(err) || Date.now() > deadline) throw err;
      if (!waited) opts.onWait?.(err instanceof Error ? err.message : String(err));
      waited = true;
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
