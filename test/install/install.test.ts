// A fresh install is quiet (issue 7): no EBADENGINE warning on a supported Node, every dependency install script
// reviewed (package.json `allowScripts`), and no turbo (whose first run prints a telemetry banner) in the install path.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../..');

function npm(args: string[]): { status: number | null; output: string } {
  const run = spawnSync('npm', args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, npm_config_loglevel: 'warn' },
  });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('npm ci', () => {
  it('installs the lockfile without engine or install-script warnings', () => {
    // The lockfile's tree as `npm ci` would install it, without touching node_modules.
    const { status, output } = npm(['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund']);
    expect(status).toBe(0);
    expect(output).not.toContain('EBADENGINE');
    expect(npm(['install-scripts', 'ls']).output).toContain('No packages with unreviewed install scripts.');
  }, 60_000);

  it('runs no turbo after installing', () => {
    const { scripts } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    const installPath = [
      scripts.postinstall,
      ...[...scripts.postinstall!.matchAll(/npm run (\S+)/g)].map((m) => scripts[m[1]!]),
    ];
    expect(installPath.join(' && ')).not.toContain('turbo');
  });
});
