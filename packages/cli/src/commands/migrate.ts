import { applyMigrations, ensureDatabase, redactPassword } from '@wfo/db';

/** `wfo migrate`: create the database if needed and apply pending migrations. */
export async function migrateCommand(databaseUrl: string, log: (line: string) => void): Promise<void> {
  if (await ensureDatabase(databaseUrl)) log(`Created database ${redactPassword(databaseUrl)}`);
  const { applied } = await applyMigrations({ databaseUrl, log });
  log(applied.length === 0 ? 'Database is up to date' : `Applied ${applied.length} migration(s)`);
}
