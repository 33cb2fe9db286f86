import { createHash, randomBytes } from 'node:crypto';
import { Client, escapeIdentifier } from 'pg';
import { withDatabaseName } from '../database-url';
import { applyMigrations } from '../migrate';
import { readMigrationFiles } from '../migration-files';

/** A database of its own for one test file: a clone of the migrated template. */
export interface TestDatabase {
  readonly url: string;
  readonly name: string;
  /** Terminates the clone's connections and drops it. */
  drop(): Promise<void>;
}

const DEFAULT_SERVER_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

/**
 * Serialises template builds across processes (parallel jest workers). Advisory locks are per database; every caller
 * takes this one in the `postgres` database, so they all meet. Different from the migration lock, which is taken in
 * the template itself.
 */
const TEMPLATE_LOCK_KEY = 0x7766_6f74; // "wfot"

let templateName: Promise<string> | undefined;

/**
 * Creates an empty, fully migrated database for a test: `CREATE DATABASE wfo_test_<random> TEMPLATE
 * wfo_template_<hash>`, which copies files instead of replaying migrations (milliseconds instead of a second).
 *
 * The server comes from `DATABASE_URL` (its `postgres` database is used for administration). The template is named
 * after a hash of the migration files, so changing a migration builds a new one and stale templates are never used.
 * The first caller builds it; concurrent callers, in this process or another, wait for it and reuse it.
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const adminUrl = withDatabaseName(process.env.DATABASE_URL ?? DEFAULT_SERVER_URL, 'postgres');
  // Memoised per process; a failed build is forgotten so the next caller reports its own error instead of a stale one.
  templateName ??= ensureTemplate(adminUrl).catch((err: unknown) => {
    templateName = undefined;
    throw err;
  });
  const template = await templateName;

  const name = `wfo_test_${randomBytes(8).toString('hex')}`;
  await withClient(adminUrl, (admin) =>
    admin.query(`CREATE DATABASE ${escapeIdentifier(name)} TEMPLATE ${escapeIdentifier(template)}`),
  );
  return {
    url: withDatabaseName(adminUrl, name),
    name,
    drop: async () => {
      // FORCE (Postgres 13+) terminates the clone's connections first: a test that forgot to close a pool must not
      // leave its database behind.
      await withClient(adminUrl, (admin) =>
        admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(name)} WITH (FORCE)`),
      );
    },
  };
}

async function ensureTemplate(adminUrl: string): Promise<string> {
  const files = await readMigrationFiles();
  const hash = createHash('sha256');
  for (const file of files) hash.update(`${file.name}\0${file.checksum}\0`);
  const name = `wfo_template_${hash.digest('hex').slice(0, 12)}`;

  await withClient(adminUrl, async (admin) => {
    // A template only ever exists under its final name once fully migrated (see the rename below), so finding it
    // means it is ready and the lock can be skipped.
    if (await databaseExists(admin, name)) return;
    await admin.query('SELECT pg_advisory_lock($1)', [TEMPLATE_LOCK_KEY]);
    try {
      if (await databaseExists(admin, name)) return;
      // Build under a temporary name and rename when done: a build that crashed halfway must never pass for a
      // template. Under the lock nobody else is building, so leftovers of crashed builds can go.
      const building = `${name}_building`;
      await admin.query(`DROP DATABASE IF EXISTS ${escapeIdentifier(building)} WITH (FORCE)`);
      await admin.query(`CREATE DATABASE ${escapeIdentifier(building)}`);
      await applyMigrations({ databaseUrl: withDatabaseName(adminUrl, building) });
      await admin.query(`ALTER DATABASE ${escapeIdentifier(building)} RENAME TO ${escapeIdentifier(name)}`);
    } finally {
      await admin.query('SELECT pg_advisory_unlock($1)', [TEMPLATE_LOCK_KEY]).catch(() => undefined);
    }
  });
  return name;
}

async function databaseExists(admin: Client, name: string): Promise<boolean> {
  const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  return (rowCount ?? 0) > 0;
}

async function withClient<T>(url: string, fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}
