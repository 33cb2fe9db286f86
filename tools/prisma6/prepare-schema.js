// Prisma 7 forbids `url` in the datasource block and Prisma 6 requires it, so the single source of truth
// (prisma/schema.prisma at the repository root) is copied to .schema/schema.prisma with the url injected.
// The generator is swapped too: this tool never generates a client, but Prisma 6 reads the generator's engineType
// and, unless it is "client", tries to download a native query engine.
const fs = require('node:fs');
const path = require('node:path');

const source = path.resolve(__dirname, '../../prisma/schema.prisma');
const target = path.join(__dirname, '.schema/schema.prisma');

let schema = fs.readFileSync(source, 'utf8');
schema = schema.replace(/datasource\s+db\s*\{([^}]*)\}/, (block, body) =>
  /\burl\s*=/.test(body) ? block : `datasource db {${body.replace(/\s*$/, '')}\n  url      = env("DATABASE_URL")\n}`,
);
schema = schema.replace(/^generator\s+\w+\s*\{[^}]*\}\s*/gm, '');
schema = `generator client {\n  provider   = "prisma-client"\n  output     = "./unused"\n  engineType = "client"\n}\n\n${schema}`;

fs.mkdirSync(path.dirname(target), { recursive: true });
fs.writeFileSync(
  target,
  `// GENERATED from prisma/schema.prisma by prepare-schema.js: edit that file, not this one.\n${schema}`,
);
