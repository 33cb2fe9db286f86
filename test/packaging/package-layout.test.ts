// The packages must install and work outside this repository (docs/adr/0010-built-packages.md). Inside it, npm
// hoists every dependency to the root, so a package that imports what it does not declare still works here and
// breaks in a user's project; and a build reference missing from a tsconfig builds in the wrong order. These
// checks read the files only, so they run with every `npm test`.
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { PROJECT_DEV_DEPENDENCIES } from '../../packages/cli/src/init/project-manifest';

const ROOT = path.resolve(__dirname, '../..');
const PACKAGES = readdirSync(path.join(ROOT, 'packages')).sort();

interface PackageJson {
  name: string;
  main?: string;
  types?: string;
  exports?: Record<string, unknown>;
  files?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}

const readJson = <T>(file: string): T => JSON.parse(readFileSync(path.join(ROOT, file), 'utf8')) as T;
const packageJson = (folder: string) => readJson<PackageJson>(`packages/${folder}/package.json`);
const runtimeDependencies = (pkg: PackageJson) => Object.keys({ ...pkg.dependencies, ...pkg.peerDependencies });

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(file);
    return entry.name.endsWith('.ts') ? [file] : [];
  });
}

/** The packages a source file loads at run time or names in its types: `from '…'`, `import('…')`, `require('…')`. */
function importedPackages(source: string): string[] {
  const specifiers = [...source.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|\brequire\s*\(\s*)'([^'.$][^'$]*)'/g)].map(
    (match) => match[1]!,
  );
  return specifiers
    .filter((specifier) => !specifier.startsWith('node:') && !builtinModules.includes(specifier))
    .map((specifier) =>
      specifier
        .split('/')
        .slice(0, specifier.startsWith('@') ? 2 : 1)
        .join('/'),
    );
}

describe.each(PACKAGES)('packages/%s', (folder) => {
  const pkg = packageJson(folder);

  it('is used through its build: main, types and exports point into dist/, which it ships', () => {
    expect(pkg.main).toBe('dist/index.js');
    expect(pkg.types).toBe('dist/index.d.ts');
    expect(pkg.exports?.['.']).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
    expect(pkg.files).toContain('dist');
  });

  it('declares every package its sources import', () => {
    const declared = new Set([pkg.name, ...runtimeDependencies(pkg)]);
    const missing = new Set<string>();
    for (const file of sourceFiles(path.join(ROOT, 'packages', folder, 'src'))) {
      for (const name of importedPackages(readFileSync(file, 'utf8'))) {
        if (!declared.has(name)) missing.add(`${name} (${path.relative(ROOT, file)})`);
      }
    }
    expect([...missing]).toEqual([]); // add each to "dependencies" (or "peerDependencies", like zod)
  });

  it('builds after the @wfo packages it depends on: tsconfig.build.json references exactly those', () => {
    const config = readJson<{ references?: Array<{ path: string }> }>(`packages/${folder}/tsconfig.build.json`);
    const referenced = (config.references ?? []).map((ref) => ref.path).sort();
    const expected = runtimeDependencies(pkg)
      .filter((name) => name.startsWith('@wfo/'))
      .map((name) => `../${name.slice('@wfo/'.length)}/tsconfig.build.json`)
      .sort();
    expect(referenced).toEqual(expected);
  });
});

it('the root build (tsconfig.build.json) builds every package', () => {
  const config = readJson<{ references: Array<{ path: string }> }>('tsconfig.build.json');
  expect(config.references.map((ref) => ref.path).sort()).toEqual(
    PACKAGES.map((folder) => `packages/${folder}/tsconfig.build.json`),
  );
});

it('wfo init gives new projects the test tools this repository uses, at the same versions', () => {
  const root = readJson<PackageJson>('package.json');
  for (const [name, version] of Object.entries(PROJECT_DEV_DEPENDENCIES)) {
    expect(`${name}@${root.devDependencies?.[name]}`).toBe(`${name}@${version}`);
  }
});
