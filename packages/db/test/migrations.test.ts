import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { applyMigrations } from '../src/migrate';
import { MigrationFailedError, MigrationModifiedError } from '../src/migration-errors';
import { DEFAULT_MIGRATIONS_DIR, readMigrationFiles } from '../src/migration-files';
import { createEmptyDatabase, type EmptyDatabase, queryOn, waitFor } from './empty-database';

// Every orchestrator-core table WFO keeps (reference §2.1, without the AI search, scheduler and view ones), plus
// the migration runner's own bookkeeping table.
const EXPECTED_TABLES = [
  '_prisma_migrations',
  'engine_settings',
  'fixed_inputs',
  'input_states',
  'process_steps',
  'processes',
  'processes_subscriptions',
  'product_block_relations',
  'product_block_resource_types',
  'product_blocks',
  'product_product_blocks',
  'products',
  'products_workflows',
  'resource_types',
  'schedules',
  'subscription_customer_descriptions',
  'subscription_instance_relations',
  'subscription_instance_values',
  'subscription_instances',
  'subscription_metadata',
  'subscriptions',
  'workflows',
];

const MIGRATION_LOCK_KEY = 72707369;

async function migrationNames(dir = DEFAULT_MIGRATIONS_DIR): Promise<string[]> {
  return (await readMigrationFiles(dir)).map((file) => file.name);
}

/** A copy of the repository's migrations plus extra ones, so a test can add and edit migrations freely. */
async function migrationsCopy(extra: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'wfo-migrations-'));
  await cp(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true });
  for (const [name, sql] of Object.entries(extra)) await addMigration(dir, name, sql);
  return dir;
}

async function addMigration(dir: string, name: string, sql: string): Promise<void> {
  await mkdir(path.join(dir, name));
  await writeFile(path.join(dir, name, 'migration.sql'), sql);
}

async function tableExists(url: string, table: string): Promise<boolean> {
  const rows = await queryOn<{ exists: boolean }>(url, 'SELECT to_regclass($1) IS NOT NULL AS exists', [table]);
  return rows[0]!.exists;
}

describe('applyMigrations on a brand-new database', () => {
  let db: EmptyDatabase;
  let applied: string[];

  beforeAll(async () => {
    db = await createEmptyDatabase();
    ({ applied } = await applyMigrations({ databaseUrl: db.url }));
  });
  afterAll(async () => {
    await db.drop();
  });

  it('applies every migration, in name order', async () => {
    expect(applied).toEqual(await migrationNames());
    expect(applied.length).toBeGreaterThan(0);
  });

  it('creates every table', async () => {
    const rows = await queryOn<{ table_name: string }>(
      db.url,
      `SELECT table_name FROM information_schema.tables
       WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    expect(rows.map((row) => row.table_name)).toEqual([...EXPECTED_TABLES].sort());
  });

  it('inserts the single engine_settings row, unlocked', async () => {
    expect(await queryOn(db.url, 'SELECT * FROM engine_settings')).toEqual([{ global_lock: false }]);
  });

  it('records each migration the way Prisma does', async () => {
    const files = await readMigrationFiles();
    const rows = await queryOn<Record<string, unknown>>(
      db.url,
      'SELECT migration_name, checksum, finished_at, rolled_back_at, applied_steps_count FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows).toEqual(
      files.map((file) => ({
        migration_name: file.name,
        checksum: file.checksum,
        finished_at: expect.any(Date),
        rolled_back_at: null,
        applied_steps_count: 1,
      })),
    );
  });

  it('increments the version of a subscription and of a customer description on every update', async () => {
    const client = new Client({ connectionString: db.url });
    await client.connect();
    try {
      await client.query('BEGIN');
      const product = await client.query<{ product_id: string }>(
        `INSERT INTO products (name, description, product_type, tag, status)
         VALUES ('Node', 'A router', 'Node', 'NODE', 'active') RETURNING product_id`,
      );
      const subscription = await client.query<{ subscription_id: string; version: number }>(
        `INSERT INTO subscriptions (description, status, product_id, customer_id, insync)
         VALUES ('router01', 'initial', $1, 'customer-1', false) RETURNING subscription_id, version`,
        [product.rows[0]!.product_id],
      );
      const { subscription_id: id, version } = subscription.rows[0]!;
      expect(version).toBe(1);

      const versionAfter = async (sql: string): Promise<number> =>
        (await client.query<{ version: number }>(sql, [id])).rows[0]!.version;
      expect(
        await versionAfter(`UPDATE subscriptions SET insync = true WHERE subscription_id = $1 RETURNING version`),
      ).toBe(2);
      // Even an explicit version is overridden: the trigger owns the counter.
      expect(
        await versionAfter(`UPDATE subscriptions SET version = 1 WHERE subscription_id = $1 RETURNING version`),
      ).toBe(3);

      await client.query(
        `INSERT INTO subscription_customer_descriptions (subscription_id, customer_id, description)
         VALUES ($1, 'customer-1', 'Our router')`,
        [id],
      );
      expect(
        await versionAfter(
          `UPDATE subscription_customer_descriptions SET description = 'Renamed' WHERE subscription_id = $1 RETURNING version`,
        ),
      ).toBe(2);
    } finally {
      await client.query('ROLLBACK');
      await client.end();
    }
  });

  it('applies nothing when run again', async () => {
    expect(await applyMigrations({ databaseUrl: db.url })).toEqual({ applied: [] });
    const rows = await queryOn<{ count: string }>(db.url, 'SELECT count(*) FROM _prisma_migrations');
    expect(Number(rows[0]!.count)).toBe(applied.length);
  });
});

describe('applyMigrations, concurrency and safety', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  async function freshDatabase(): Promise<EmptyDatabase> {
    const db = await createEmptyDatabase();
    cleanups.push(() => db.drop());
    return db;
  }

  async function tempMigrations(extra: Record<string, string>): Promise<string> {
    const dir = await migrationsCopy(extra);
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    return dir;
  }

  it('lets two concurrent runs on a fresh database both succeed, applying each migration once', async () => {
    const db = await freshDatabase();
    const dir = await tempMigrations({
      '99990101000001_second': 'CREATE TABLE second_table (id int);',
      '99990101000002_third': 'CREATE TABLE third_table (id int);',
    });

    // Hold the migration lock so both runs are certainly waiting at the same time, then let them go.
    const holder = new Client({ connectionString: db.url });
    await holder.connect();
    cleanups.push(() => holder.end());
    await holder.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);

    const logs: string[] = [];
    const runs = [1, 2].map(() =>
      applyMigrations({ databaseUrl: db.url, migrationsDir: dir, log: (l) => logs.push(l) }),
    );
    await waitFor(async () => {
      const rows = await queryOn<{ waiting: string }>(
        db.url,
        `SELECT count(*) AS waiting FROM pg_locks
         WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = $1)`,
        [db.name],
      );
      return Number(rows[0]!.waiting) === 2;
    });
    await holder.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]);
    const results = await Promise.all(runs);

    const names = await migrationNames(dir);
    expect(names.slice(-2)).toEqual(['99990101000001_second', '99990101000002_third']);
    // One run applied everything, the other found nothing left to do.
    expect(results.map((r) => r.applied).sort((a, b) => a.length - b.length)).toEqual([[], names]);
    expect(logs.filter((line) => line.includes('waiting'))).toHaveLength(2);
    const rows = await queryOn<{ migration_name: string; count: string }>(
      db.url,
      'SELECT migration_name, count(*) FROM _prisma_migrations GROUP BY migration_name ORDER BY migration_name',
    );
    expect(rows.map((row) => [row.migration_name, Number(row.count)])).toEqual(names.map((name) => [name, 1]));
  });

  it('refuses to run when an applied migration was modified, and applies nothing', async () => {
    const db = await freshDatabase();
    const dir = await tempMigrations({ '99990101000001_second': 'CREATE TABLE second_table (id int);' });
    await applyMigrations({ databaseUrl: db.url, migrationsDir: dir });

    const file = path.join(dir, '99990101000001_second', 'migration.sql');
    await writeFile(file, `${await readFile(file, 'utf8')}\nCREATE INDEX second_index ON second_table (id);\n`);
    await addMigration(dir, '99990101000002_third', 'CREATE TABLE third_table (id int);');

    const run = applyMigrations({ databaseUrl: db.url, migrationsDir: dir });
    await expect(run).rejects.toThrow(MigrationModifiedError);
    await expect(run).rejects.toThrow(/99990101000001_second was changed after it was applied/);
    expect(await tableExists(db.url, 'third_table')).toBe(false);
  });

  it('rolls a failing migration back completely and records nothing of it', async () => {
    const db = await freshDatabase();
    const dir = await tempMigrations({
      '99990101000001_broken': 'CREATE TABLE half_done (id int);\nSELECT * FROM no_such_table;',
    });

    const run = applyMigrations({ databaseUrl: db.url, migrationsDir: dir });
    await expect(run).rejects.toThrow(MigrationFailedError);
    await expect(run).rejects.toThrow(/99990101000001_broken failed and was rolled back: .*no_such_table/);
    // The migrations before it stay applied; nothing of the broken one does.
    expect(await tableExists(db.url, 'processes')).toBe(true);
    expect(await tableExists(db.url, 'half_done')).toBe(false);
    const rows = await queryOn<{ migration_name: string }>(db.url, 'SELECT migration_name FROM _prisma_migrations');
    expect(rows.map((row) => row.migration_name)).toEqual(await migrationNames());
  });
});
