// Inside the repository, `wfo` runs the packages' compiled `dist/` (docs/adr/0010-built-packages.md). This check,
// which `bin/wfo.js` runs only when it finds the sources beside it, refuses a missing build and warns about a stale
// one, so a developer never runs yesterday's code without being told. It reads file times only (a few ms).
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

/** The newest modification time (ms) of the files under `dir`, or 0 when it does not exist. */
function newestMtime(dir) {
  let newest = 0;
  let entries;
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    if (entry.name === 'generated') continue; // the Prisma client: regenerated only by `npm ci`, which then builds
    const file = path.join(dir, entry.name);
    const mtime = entry.isDirectory() ? newestMtime(file) : fs.statSync(file).mtimeMs;
    if (mtime > newest) newest = mtime;
  }
  return newest;
}

/** Exits with a clear message when a package has no build; warns on stderr when its sources are newer. */
function checkBuild() {
  const packages = path.join(ROOT, 'packages');
  for (const name of fs.readdirSync(packages)) {
    const src = path.join(packages, name, 'src');
    if (!fs.existsSync(src)) continue;
    let built;
    try {
      built = fs.statSync(path.join(packages, name, 'dist', '.tsbuildinfo')).mtimeMs;
    } catch {
      process.stderr.write(`wfo: packages/${name} is not built: run \`npm run build\` (npm ci does it)\n`);
      process.exit(1);
    }
    if (newestMtime(src) > built) {
      process.stderr.write(
        `wfo: warning: packages/${name}/src changed after the last build, so this runs the old code: ` +
          'run `npm run build` first\n',
      );
    }
  }
}

module.exports = { checkBuild };
