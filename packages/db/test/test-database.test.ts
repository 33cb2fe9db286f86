import { Client } from 'pg';
import { createTestDatabase, type TestDatabase } from '../src/testing/test-database';
import { createTestRedisPrefix } from '../src/testing/test-redis-prefix';
import { adminQuery, queryOn } from './empty-database';

async function databaseExists(name: string): Promise<boolean> {
  return (await adminQuery('SELECT 1 FROM pg_database WHERE datname = $1', [name])).length > 0;
}

describe('createTestDatabase', () => {
  const created: TestDatabase[] = [];
  afterAll(async () => {
    for (const db of created) await db.drop();
  });

  it('clones independent, fully migrated databases from one template, and drops them', async () => {
    const [first, second] = await Promise.all([createTestDatabase(), createTestDatabase()]);
    created.push(first, second);
    expect(first.name).toMatch(/^wfo_test_[0-9a-f]{16}$/);
    expect(first.name).not.toBe(second.name);
    expect(first.url).toContain(`/${first.name}`);

    // Migrated: the engine settings row is there in both.
    for (const db of [first, second]) {
      expect(await queryOn(db.url, 'SELECT global_lock FROM engine_settings')).toEqual([{ global_lock: false }]);
    }

    // Independent: a row written in one clone is not in the other.
    await queryOn(
      first.url,
      `INSERT INTO workflows (name, target, description) VALUES ('create_node', 'CREATE', 'Create a node')`,
    );
    expect(await queryOn(first.url, 'SELECT name FROM workflows')).toEqual([{ name: 'create_node' }]);
    expect(await queryOn(second.url, 'SELECT name FROM workflows')).toEqual([]);

    // Dropping works even while a connection is still open on the clone (a test that forgot to close its pool).
    const lingering = new Client({ connectionString: first.url });
    lingering.on('error', () => {}); // the drop terminates it
    await lingering.connect();
    await first.drop();
    expect(await databaseExists(first.name)).toBe(false);
    expect(await databaseExists(second.name)).toBe(true);
    expect(await queryOn(second.url, 'SELECT count(*)::int AS n FROM workflows')).toEqual([{ n: 0 }]);
    await lingering.end().catch(() => {});

    // Dropping twice is harmless (afterAll drops everything it created).
    await expect(first.drop()).resolves.toBeUndefined();
  });

  it('keeps the template under a name derived from the migrations', async () => {
    const rows = await adminQuery<{ datname: string }>(
      `SELECT datname FROM pg_database WHERE datname ~ '^wfo_template_[0-9a-f]{12}$'`,
    );
    expect(rows.length).toBeGreaterThan(0);
  });
});

describe('createTestRedisPrefix', () => {
  it('returns a unique wfo-test- prefix each time', () => {
    const prefixes = new Set(Array.from({ length: 100 }, () => createTestRedisPrefix()));
    expect(prefixes.size).toBe(100);
    for (const prefix of prefixes) expect(prefix).toMatch(/^wfo-test-[0-9a-f]{12}$/);
  });
});
