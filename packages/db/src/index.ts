/**
 * `@wfo/db`: the Prisma schema's client, the migration runner and test databases.
 *
 * ```ts
 * import { applyMigrations, createPrisma } from '@wfo/db';
 *
 * await applyMigrations({ databaseUrl });
 * const prisma = createPrisma({ databaseUrl, poolSize: 20 });
 * const running = await prisma.process.findMany({ where: { last_status: 'running' } });
 * ```
 *
 * The schema is `prisma/schema.prisma` at the repository root; see this package's README for migrations.
 */
export {
  createPrisma,
  createPrismaWithPool,
  endPool,
  type CreatePrismaOptions,
  type PgPool,
  type PgQueryResult,
} from './client';
export { databaseNameOf, redactPassword, withDatabaseName } from './database-url';
export { ensureDatabase } from './ensure-database';
export { waitForPostgres } from './wait-for-postgres';
export { isDataError, isTransientError, postgresErrorCode } from './postgres-error';
export { applyMigrations, type ApplyMigrationsOptions, type ApplyMigrationsResult } from './migrate';
export { MigrationFailedError, MigrationIncompleteError, MigrationModifiedError } from './migration-errors';
export { DEFAULT_MIGRATIONS_DIR, readMigrationFiles, type MigrationFile } from './migration-files';
export { createTestDatabase, type TestDatabase } from './testing/test-database';
export { createTestRedisPrefix } from './testing/test-redis-prefix';

// The generated client: the client class, the Prisma namespace (input types, errors, `Prisma.sql`), the enums and
// one row type per model. Named one by one so this package's surface stays deliberate.
export { InputType, Prisma, PrismaClient } from './generated/prisma/client';
export type {
  EngineSettings,
  FixedInput,
  InputState,
  Process,
  ProcessStep,
  ProcessSubscription,
  Product,
  ProductBlock,
  ProductBlockRelation,
  ProductBlockResourceType,
  ProductProductBlock,
  ProductWorkflow,
  ResourceType,
  Subscription,
  SubscriptionCustomerDescription,
  SubscriptionInstance,
  SubscriptionInstanceRelation,
  SubscriptionInstanceValue,
  SubscriptionMetadata,
  Workflow,
} from './generated/prisma/client';
