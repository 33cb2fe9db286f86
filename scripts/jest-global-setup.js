// Before any test: bring every package's `dist/` up to date (`tsc -b`, incremental: about a second when nothing
// changed). Unit tests import the TypeScript sources, but end-to-end tests spawn `wfo` (packages/cli/bin/wfo.js),
// which runs the compiled packages: without this they could silently test yesterday's build.
const { execFileSync } = require('node:child_process');
const path = require('node:path');

module.exports = function buildPackages() {
  const root = path.resolve(__dirname, '..');
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-b', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
};
