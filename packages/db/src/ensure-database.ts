import { Client, escapeIdentifier } from 'pg';
import { databaseNameOf, withDatabaseName } from './database-url';

// SQLSTATEs of CREATE DATABASE losing a race to another process creating the same database: duplicate_database
// once the other has committed, unique_violation (on pg_database's name index) while it is still committing.
const ALREADY_CREATED = new Set(['42P04', '23505']);

/**
 * Creates the database a URL points at unless it exists, from the `postgres` database of the same server.
 * Returns whether this call created it. Several processes may call it at once: the losers see `false`.
 */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const name = databaseNameOf(databaseUrl);
  const admin = new Client({ connectionString: withDatabaseName(databaseUrl, 'postgres') });
  await admin.connect();
  try {
    const existing = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (existing.rowCount) return false;
    try {
      await admin.query(`CREATE DATABASE ${escapeIdentifier(name)}`);
      return true;
    } catch (err) {
      if (ALREADY_CREATED.has((err as { code?: string }).code ?? '')) return false;
      throw err;
    }
  } finally {
    await admin.end();
  }
}
