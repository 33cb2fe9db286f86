import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { MigrationFailedError, MigrationIncompleteError, MigrationModifiedError } from './migration-errors';
import { DEFAULT_MIGRATIONS_DIR, type MigrationFile, readMigrationFiles } from './migration-files';

export interface ApplyMigrationsOptions {
  /** The database to migrate; it must exist (see `ensureDatabase`). */
  databaseUrl: string;
  /**
   * Folder of `<timestamp>_<name>/migration.sql` folders.
   * @defaultValue the repository's `prisma/migrations`
   */
  migrationsDir?: string;
  /** Receives one line per event worth telling an operator (waiting for the lock, each migration applied). */
  log?: (line: string) => void;
}

export interface ApplyMigrationsResult {
  /** Names of the migrations this call applied, in order; empty when the database was up to date. */
  applied: string[];
}

/**
 * The advisory lock key Prisma's own migrate commands take ("prsi"), so this runner, `prisma migrate deploy` and
 * every other instance of this runner exclude each other. Advisory locks are per database, so migrating different
 * databases of one server never waits.
 */
const MIGRATION_LOCK_KEY = 72707369;

// Prisma's own table, column for column, so `prisma migrate status` and friends read what this runner recorded.
const CREATE_MIGRATIONS_TABLE = `
CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`;

interface AppliedRow {
  migration_name: string;
  checksum: string;
  finished_at: Date | null;
}

/**
 * Applies the pending migrations of `migrationsDir` to a database, in name order, each in its own transaction, and
 * records them in `_prisma_migrations` as Prisma would. Safe to call from many processes at once (API instances and
 * workers all migrating on boot): they queue on an advisory lock, and the ones that come later find nothing to do.
 *
 * @throws MigrationModifiedError when an applied migration's file changed since; nothing is applied then.
 * @throws MigrationIncompleteError when another tool left a migration half-applied.
 * @throws MigrationFailedError when a migration's SQL fails; the ones before it stay applied.
 */
export async function applyMigrations(opts: ApplyMigrationsOptions): Promise<ApplyMigrationsResult> {
  const log = opts.log ?? (() => {});
  const files = await readMigrationFiles(opts.migrationsDir ?? DEFAULT_MIGRATIONS_DIR);
  const client = new Client({ connectionString: opts.databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1) AS locked', [
      MIGRATION_LOCK_KEY,
    ]);
    if (!rows[0]?.locked) {
      log('Another process is migrating this database; waiting for it to finish.');
      await client.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    }
    try {
      return await applyPending(client, files, log);
    } finally {
      // Best effort: if the connection broke, ending the session releases the lock anyway, and the error that broke
      // it is the one worth reporting.
      await client.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    }
  } finally {
    await client.end();
  }
}

async function applyPending(
  client: Client,
  files: readonly MigrationFile[],
  log: (line: string) => void,
): Promise<ApplyMigrationsResult> {
  // Under the lock, so concurrent first runs cannot race on creating the table.
  await client.query(CREATE_MIGRATIONS_TABLE);
  const { rows } = await client.query<AppliedRow>(
    'SELECT migration_name, checksum, finished_at FROM _prisma_migrations WHERE rolled_back_at IS NULL',
  );
  const applied = new Map(rows.map((row) => [row.migration_name, row]));

  // Check every file before applying anything: a modified migration means this code and the database disagree on
  // history, and applying later migrations on top of that would make it worse.
  for (const file of files) {
    const row = applied.get(file.name);
    if (!row) continue;
    if (row.finished_at === null) throw new MigrationIncompleteError(file.name);
    if (row.checksum !== file.checksum) throw new MigrationModifiedError(file.name, row.checksum, file.checksum);
  }
  // Migrations applied by a newer release are not an error: during a rolling upgrade old and new code run side by side.
  const known = new Set(files.map((file) => file.name));
  const unknown = [...applied.keys()].filter((name) => !known.has(name));
  if (unknown.length > 0) log(`Applied migrations not found locally (newer code?): ${unknown.join(', ')}`);

  const result: string[] = [];
  for (const file of files) {
    if (applied.has(file.name)) continue;
    await client.query('BEGIN');
    try {
      // As text, so the timestamp keeps its microseconds (a JS Date would round them off).
      const started = await client.query<{ now: string }>('SELECT clock_timestamp()::text AS now');
      // A query without parameters uses the simple protocol, which runs a multi-statement script as one unit.
      await client.query(file.sql);
      await client.query(
        `INSERT INTO _prisma_migrations
           (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count)
         VALUES ($1, $2, clock_timestamp(), $3, NULL, NULL, $4::timestamptz, 1)`,
        [randomUUID(), file.checksum, file.name, started.rows[0]?.now],
      );
      await client.query('COMMIT');
    } catch (err) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw new MigrationFailedError(file.name, err);
    }
    log(`Applied migration ${file.name}`);
    result.push(file.name);
  }
  return { applied: result };
}
