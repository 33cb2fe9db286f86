#!/usr/bin/env node
// The `wfo` command. WFO runs its TypeScript sources directly (docs/adr/0001-no-build-step.md): tsx's require hook
// compiles the CLI, the packages and the application module (`--app`: .ts/.mts/.cts, ESM or CommonJS syntax).
require('tsx/cjs/api').register();
const { main } = require('../src/main.ts');

main(process.argv.slice(2)).then(
  (code) => {
    if (typeof code === 'number') process.exitCode = code;
  },
  (err) => {
    process.stderr.write(`wfo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
