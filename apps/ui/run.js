// `npm run ui` (repository root): installs the UI when its lock file changed, builds it when its sources changed,
// then serves it against the WFO at WFO_URL. `--build` stops after the build (CI); `--if-built` serves only an
// existing build and otherwise says how to make one (for running beside `npm start`).
'use strict';
const { spawnSync, spawn } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const here = __dirname;
const args = new Set(process.argv.slice(2));
const env = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' };
const SOURCES = ['pages', 'lib', 'next.config.js', 'package-lock.json', 'tsconfig.json'];

function run(command, commandArgs) {
  console.log(`> ${command} ${commandArgs.join(' ')}   (in apps/ui)`);
  const result = spawnSync(command, commandArgs, { cwd: here, env, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function mtime(file) {
  try {
    return fs.statSync(path.join(here, file)).mtimeMs;
  } catch {
    return 0;
  }
}

/** The newest modification time under the given paths. */
function newest(paths) {
  let latest = 0;
  const visit = (file) => {
    const full = path.join(here, file);
    if (!fs.existsSync(full)) return;
    if (fs.statSync(full).isDirectory()) for (const entry of fs.readdirSync(full)) visit(path.join(file, entry));
    else latest = Math.max(latest, mtime(file));
  };
  paths.forEach(visit);
  return latest;
}

const built = mtime('.next/BUILD_ID');
if (args.has('--if-built')) {
  if (!built) {
    console.log('The operator UI is not built: run `npm run ui` once (about 3 minutes) to build and serve it.');
    process.exit(0);
  }
} else {
  // npm ci leaves node_modules/.package-lock.json behind: older than the lock file means the lock changed.
  if (mtime('node_modules/.package-lock.json') < mtime('package-lock.json'))
    run('npm', ['ci', '--no-audit', '--no-fund']);
  if (built < newest(SOURCES)) run('npx', ['next', 'build']);
  if (args.has('--build')) process.exit(0);
}

const server = spawn(process.execPath, [path.join(here, 'server.js')], { cwd: here, env, stdio: 'inherit' });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code) => process.exit(code ?? 0));
