import { applyMigrations, ensureDatabase, redactPassword, waitForPostgres } from '@wfo/db';
import type { Env } from '../env';
import type { Lifecycle } from '../lifecycle';
import { connectServices } from '../services';

/**
 * Wait until Postgres accepts connections (one started a moment ago, e.g. by `docker compose up -d`), create the
 * database if needed and apply pending migrations.
 */
export async function migrate(databaseUrl: string, log: (line: string) => void): Promise<void> {
  await waitForPostgres(databaseUrl, {
    onWait: (reason) => log(`Waiting for Postgres at ${redactPassword(databaseUrl)} to accept connections (${reason})`),
  });
  if (await ensureDatabase(databaseUrl)) log(`Created database ${redactPassword(databaseUrl)}`);
  const { applied } = await applyMigrations({ databaseUrl, log });
  log(applied.length === 0 ? 'Database is up to date' : `Applied ${applied.length} migration(s)`);
}

/** `wfo migrate`: on the configured database, or the embedded one `wfo dev` created. */
export async function migrateCommand(env: Env, lifecycle: Lifecycle, log: (line: string) => void): Promise<void> {
  const { databaseUrl } = await connectServices(
    env,
    { command: 'migrate', postgres: 'start-if-created' },
    lifecycle,
    log,
  );
  await migrate(databaseUrl, log);
}
