import path from 'node:path';
import { defineConfig } from 'prisma/config';

// Prisma 7's CLI wants a native schema-engine binary before any command, even `generate`, which never runs it,
// and would download one. Pointing PRISMA_SCHEMA_ENGINE_BINARY at an existing stub skips that download.
// Migrations are written by tools/prisma6 (WASM engine) and applied by `wfo migrate`.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.join(__dirname, 'no-schema-engine.sh');
process.env.CHECKPOINT_DISABLE ??= '1';

// A config file must default-export its config: that is Prisma's contract, not ours.

export default defineConfig({
  schema: '../../prisma/schema.prisma',
  migrations: { path: '../../prisma/migrations' },
  datasource: { url: process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/wfo' },
});
