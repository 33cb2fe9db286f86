// One jest run over every package: `@wfo/*` resolve to their TypeScript sources, compiled by swc. The global setup
// first brings the packages' `dist/` up to date for the end-to-end tests, which spawn the compiled `wfo` command.
// Integration tests get their own database (cloned from a migrated template) and Redis prefix per file,
// so files run in parallel without seeing each other (see packages/db/src/testing).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: 'node',
  testMatch: [
    '<rootDir>/packages/*/test/**/*.test.ts',
    '<rootDir>/packages/cli/templates/*/test/**/*.test.ts',
    '<rootDir>/apps/*/test/**/*.test.ts',
    '<rootDir>/test/**/*.test.ts',
  ],
  // test/package installs from the registry (minutes): `npm run test:package`, and `.ci/run` after verify.
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/test/package/'],
  moduleNameMapper: { '^@wfo/([a-z0-9-]+)$': '<rootDir>/packages/$1/src/index.ts' },
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { target: 'es2022', parser: { syntax: 'typescript' } }, module: { type: 'commonjs' } },
    ],
    // jose ships ES modules only: Node 20 requires them natively, jest needs them compiled to CommonJS.
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  globalSetup: '<rootDir>/scripts/jest-global-setup.js',
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  testTimeout: 30000,
  reporters: process.env.WFO_JEST_RESULTS ? ['default', '<rootDir>/scripts/jest-results-reporter.js'] : ['default'],
};
