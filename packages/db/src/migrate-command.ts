// `npm run db:migrate`: creates the database if needed and applies the pending migrations.
// (It becomes `wfo migrate` once the CLI exists.) Runnable directly: npx tsx packages/db/src/migrate-command.ts
import { databaseNameOf, redactPassword } from './database-url';
import { ensureDatabase } from './ensure-database';
import { applyMigrations } from './migrate';

const DEFAULT_DATABASE_URL = 'postgresql://postgres@127.0.0.1:5432/wfo';

async function main(): Promise<void> {
  const databaseUrl = process.env.DATABASE_URL ?? DEFAULT_DATABASE_URL;
  if (await ensureDatabase(databaseUrl)) console.log(`Created database ${databaseNameOf(databaseUrl)}`);
  const { applied } = await applyMigrations({ databaseUrl, log: (line) => console.log(line) });
  console.log(
    applied.length === 0
      ? `${redactPassword(databaseUrl)} is up to date.`
      : `Applied ${applied.length} migration(s) to ${redactPassword(databaseUrl)}.`,
  );
}

main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exitCode = 1;
});
