/** An applied migration's file no longer matches what was applied: migrations are never edited once committed. */
export class MigrationModifiedError extends Error {
  override readonly name = 'MigrationModifiedError';
  constructor(
    readonly migrationName: string,
    readonly appliedChecksum: string,
    readonly fileChecksum: string,
  ) {
    super(
      `Migration ${migrationName} was changed after it was applied (applied checksum ${appliedChecksum}, file ` +
        `checksum ${fileChecksum}). A committed migration is never edited: restore the file and write a new ` +
        `migration for the change (npm run new -w @wfo/prisma6 -- <name>).`,
    );
  }
}

/** A migration's SQL failed; its transaction was rolled back, so nothing of it was applied. */
export class MigrationFailedError extends Error {
  override readonly name = 'MigrationFailedError';
  constructor(
    readonly migrationName: string,
    cause: unknown,
  ) {
    super(
      `Migration ${migrationName} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/**
 * `_prisma_migrations` records a migration as started but not finished: another tool (Prisma's own `migrate deploy`,
 * which does not use a transaction) failed halfway. Someone has to look at the database before anything else runs.
 */
export class MigrationIncompleteError extends Error {
  override readonly name = 'MigrationIncompleteError';
  constructor(readonly migrationName: string) {
    super(
      `Migration ${migrationName} is recorded as started but never finished. Inspect the database, then mark it ` +
        `rolled back (UPDATE _prisma_migrations SET rolled_back_at = now() WHERE migration_name = '${migrationName}') ` +
        `or finished, and run the migrations again.`,
    );
  }
}
