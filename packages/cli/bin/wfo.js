#!/usr/bin/env -S node --max-semi-space-size=4
// (`--max-semi-space-size=4`: a young generation of at most 4 MB per half, not 16: ~25 MB less resident memory under
// load at no measured cost in steps/s; src/memory-tuning.ts and docs/adr/0022 say why. `node bin/wfo.js` runs without it.)
// The `wfo` command. It runs WFO's compiled JavaScript (`dist/`, built by `npm run build`, which `npm ci` runs);
// only an application written in TypeScript is compiled as it loads (src/load-app.ts, docs/adr/0010-built-packages.md).
const { existsSync } = require('node:fs');
const path = require('node:path');

// In the repository (sources beside the build), refuse a missing build and warn about a stale one.
if (existsSync(path.join(__dirname, '../src'))) require('../../../scripts/check-build.js').checkBuild();

const { main } = require('../dist/main');

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`wfo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
