import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { WfoSource } from './project-manifest';

/** This package's folder (`src/init` and `dist/init` are both two levels below it). */
export const CLI_PACKAGE_DIR = path.resolve(__dirname, '../..');

/** Where the new project's WFO packages come from, and the folder the tarballs went into, if any. */
export interface ResolvedWfoSource extends WfoSource {
  readonly tarballDir?: string;
}

/**
 * Installed from a registry, the new project depends on this CLI's version of `@wfo/core` and `@wfo/cli`. Run from
 * a WFO checkout (the sources beside this package), whose packages are on no registry, it builds and packs every
 * `@wfo/*` package into `<project>/wfo-packages/` and depends on those tarballs, so the project installs anywhere.
 */
export function resolveWfoSource(projectDir: string, log: (line: string) => void): ResolvedWfoSource {
  const { version } = JSON.parse(readFileSync(path.join(CLI_PACKAGE_DIR, 'package.json'), 'utf8')) as {
    version: string;
  };
  if (!existsSync(path.join(CLI_PACKAGE_DIR, 'src'))) {
    return { dependencies: { '@wfo/cli': version, '@wfo/core': version } };
  }
  const tarballDir = path.join(projectDir, 'wfo-packages');
  const tarballs = packCheckout(path.resolve(CLI_PACKAGE_DIR, '../..'), tarballDir, log);
  const fileSpec = (name: string) => {
    const filename = tarballs.get(name);
    if (!filename) throw new Error(`npm pack did not produce ${name}`);
    return `file:wfo-packages/${filename}`;
  };
  const direct = ['@wfo/cli', '@wfo/core'];
  return {
    dependencies: Object.fromEntries(direct.map((name) => [name, fileSpec(name)])),
    overrides: Object.fromEntries(
      [...tarballs.keys()].filter((name) => !direct.includes(name)).map((name) => [name, fileSpec(name)]),
    ),
    tarballDir,
  };
}

/** `npm run build`, then `npm pack` of every package in `packages/`; returns package name → tarball file name. */
function packCheckout(root: string, destination: string, log: (line: string) => void): Map<string, string> {
  const workspaces = readdirSync(path.join(root, 'packages'))
    .map((folder) => path.join(root, 'packages', folder, 'package.json'))
    .filter((file) => existsSync(file))
    .map((file) => (JSON.parse(readFileSync(file, 'utf8')) as { name: string }).name);
  log(`Building and packing ${workspaces.join(', ')} from ${root} (not on a registry yet)`);
  mkdirSync(destination, { recursive: true });
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  execFileSync(npm, ['run', 'build', '--silent'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  const packed = execFileSync(
    npm,
    ['pack', '--json', '--pack-destination', destination, ...workspaces.flatMap((name) => ['--workspace', name])],
    { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] },
  );
  const entries = JSON.parse(packed) as Array<{ name: string; filename: string }>;
  return new Map(entries.map((entry) => [entry.name, entry.filename]));
}
