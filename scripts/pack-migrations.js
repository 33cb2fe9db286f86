// `npm pack`/`npm publish` of @wfo/db: the migrations live at the top level (`prisma/migrations`, SPEC §2), outside
// every package, so `prepack` copies them into the package (`packages/db/migrations`, git-ignored) and `postpack`
// removes the copy. Inside the repository the code reads `prisma/migrations` itself, so a left-over copy is never used.
// Usage (from packages/db): node ../../scripts/pack-migrations.js copy|remove
const fs = require('node:fs');
const path = require('node:path');

const source = path.resolve(__dirname, '../prisma/migrations');
const target = path.resolve(__dirname, '../packages/db/migrations');

fs.rmSync(target, { recursive: true, force: true });
if (process.argv[2] === 'copy') fs.cpSync(source, target, { recursive: true });
