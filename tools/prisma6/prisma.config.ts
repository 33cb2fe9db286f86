import { PrismaPg } from '@prisma/adapter-pg';
import { parse } from 'pg-connection-string';
import { defineConfig } from 'prisma/config';

// Prisma 6 with its WASM schema engine, used only to write migration SQL and to check drift: nothing is downloaded.
// Every workaround below is needed (see /work/shared/reference/stack-check.md §7.4 and packages/db/README.md).

process.env.CHECKPOINT_DISABLE ??= '1'; // no update check calling home

// The WASM schema engine arms 10 s and 60 s timers it never clears, so every command would linger a minute after
// finishing. Long timers are unref'd so the CLI exits as soon as its work is done.
const realSetTimeout = globalThis.setTimeout;
globalThis.setTimeout = ((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) => {
  const timer = realSetTimeout(handler, ms, ...args);
  if ((ms ?? 0) >= 5_000) timer.unref();
  return timer;
}) as typeof setTimeout;

// prisma/orm#27403: adapter-pg 6 maps neither the catalog type "char" (OID 18) nor name (OID 19), which the schema
// engine's introspection reads, so they are relabelled as text before pg picks their parsers. This works because
// `pg` is hoisted and shared by adapter-pg and this file; re-check if it ever gets nested under this folder.
interface PgResultPrototype {
  addFields: (this: PgResultPrototype, fields: Array<{ dataTypeID: number }>) => void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const Result = require('pg/lib/result') as { prototype: PgResultPrototype };
const addFields = Result.prototype.addFields;
Result.prototype.addFields = function (this: PgResultPrototype, fields) {
  for (const field of fields) if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
  addFields.call(this, fields);
};

// The tool only ever writes to a shadow database; it connects to the admin database to create and drop that.
const DEFAULT_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';
// The copied schema's datasource reads env("DATABASE_URL"); the adapter below is what actually connects.
process.env.DATABASE_URL ??= DEFAULT_URL;

// A config file must default-export its config: that is Prisma's contract, not ours.

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js', // the WASM schema engine shipped inside the npm package
  schema: '.schema/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  // Discrete fields, NOT connectionString: adapter-pg's connectToShadowDb() spreads its config and overrides
  // `database` with the shadow database's name, but pg lets a connectionString win over `database`, so the
  // "shadow" database would be the real one and get wiped.
  adapter: async () => {
    const url = parse(process.env.DATABASE_URL ?? DEFAULT_URL);
    return new PrismaPg({
      host: url.host ?? '127.0.0.1',
      port: Number(url.port ?? 5432),
      user: url.user,
      password: url.password,
      database: url.database ?? 'postgres',
      idleTimeoutMillis: 200,
      allowExitOnIdle: true,
    });
  },
});
