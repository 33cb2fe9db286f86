/**
 * Versions of the tools a new project tests and type-checks with: the ones WFO itself uses (a test keeps them equal
 * to the repository's), so they are known to work together.
 */
export const PROJECT_DEV_DEPENDENCIES: Readonly<Record<string, string>> = {
  '@swc/core': '1.16.22',
  '@swc/jest': '0.2.39',
  '@types/jest': '30.0.0',
  '@types/node': '20.19.43',
  jest: '30.5.2',
  typescript: '5.9.3',
};

/** Where the new project gets WFO's packages from. */
export interface WfoSource {
  /** `@wfo/core` and `@wfo/cli`: a version, or a `file:` tarball. */
  readonly dependencies: Readonly<Record<string, string>>;
  /** The other `@wfo/*` packages when they come from tarballs too (npm `overrides`). */
  readonly overrides?: Readonly<Record<string, string>>;
}

/** The new project's package.json: `npm start` runs `wfo dev`, `npm test` runs jest. */
export function projectManifest(name: string, wfo: WfoSource, zodVersion: string): Record<string, unknown> {
  return {
    name,
    version: '0.1.0',
    private: true,
    scripts: {
      start: 'wfo dev --app src/app.ts',
      test: 'jest',
      typecheck: 'tsc --noEmit',
    },
    dependencies: sorted({ ...wfo.dependencies, zod: zodVersion }),
    devDependencies: { ...PROJECT_DEV_DEPENDENCIES },
    ...(wfo.overrides ? { overrides: sorted(wfo.overrides) } : {}),
  };
}

/** An npm package name from a folder name: lower case, other characters than `a-z0-9._-` become `-`. */
export function packageNameOf(folderName: string): string {
  const name = folderName
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+|-+$/g, '');
  return name || 'orchestrator';
}

function sorted(record: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
