import { randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';
import { withDatabaseName } from '../src/database-url';

/** The server the tests use, as createTestDatabase picks it. */
export const ADMIN_URL = withDatabaseName(
  process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres',
  'postgres',
);

export interface EmptyDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A brand-new database with nothing in it, for tests of the migration runner itself (not cloned from a template). */
export async function createEmptyDatabase(): Promise<EmptyDatabase> {
  const name = `wfo_test_empty_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${escapeIdentifier(name)}`);
  return {
    url: withDatabaseName(ADMIN_URL, name),
    name,
    drop: async () => {
      await adminQuery(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`);
    },
  };
}

export async function adminQuery<R extends object = Record<string, unknown>>(
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  return queryOn<R>(ADMIN_URL, sql, params);
}

/** One query on a fresh connection, closed afterwards. */
export async function queryOn<R extends object = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<R[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<R>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

/** Polls `condition` until it holds: tests wait on conditions, never on fixed sleeps. */
export async function waitFor(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
