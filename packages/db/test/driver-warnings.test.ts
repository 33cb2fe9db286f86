// Prisma's pg adapter runs the reads of one query plan concurrently on a transaction's one connection. pg 8.19+
// warns about that ("client.query() when the client is already executing a query") on every start of WFO; pg is
// pinned below 8.19 (root `overrides`) until the adapter serializes them (prisma/orm#29646). Issue 7.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '../src';

const TSX = path.resolve(__dirname, '../../../node_modules/tsx/dist/cli.mjs');

describe('the Postgres driver', () => {
  let db: TestDatabase;

  beforeAll(async () => {
    db = await createTestDatabase();
  });

  afterAll(async () => {
    await db?.drop();
  });

  it('prints no deprecation warning when a transaction reads several relations at once', () => {
    const run = spawnSync(process.execPath, [TSX, path.join(__dirname, 'support/read-relations-in-transaction.ts')], {
      env: { ...process.env, DATABASE_URL: db.url },
      encoding: 'utf8',
    });
    expect(run.stdout).toContain('read 0 products');
    expect(run.stderr).not.toContain('DeprecationWarning');
    expect(run.status).toBe(0);
  });
});
