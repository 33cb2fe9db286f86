// ESLint flat config. Boundaries between packages are enforced here, not by goodwill:
// the engine must stay pure (no I/O, no clock, no randomness), and nothing deep-imports another package's files.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const noDefaultExport = {
  selector: 'ExportDefaultDeclaration',
  message: 'Use named exports only (house style).',
};

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'packages/db/src/generated/**',
      'tools/prisma6/.schema/**',
      'coverage/**',
      '.turbo/**',
      // The operator UI is its own npm project (type-checked by `next build`); only its plain JS servers are linted.
      'apps/ui/.next/**',
      'apps/ui/pages/**',
      'apps/ui/lib/**',
      'apps/ui/next-env.d.ts',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      globals: { ...globals.node },
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/only-throw-error': 'off',
      '@typescript-eslint/require-await': 'off',
      'no-restricted-syntax': ['error', noDefaultExport],
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@wfo/*/src/*', '@wfo/*/src'], message: 'Import a package by its name only.' }] },
      ],
    },
  },
  {
    // The engine is the pure core: decisions only. Time and randomness are inputs; I/O belongs to the runtime.
    files: ['packages/engine/src/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            { group: ['@wfo/*'], message: 'The engine imports nothing of ours.' },
            {
              group: ['node:*', 'fs', 'net', 'http', 'https', 'crypto', 'child_process', 'os'],
              message: 'The engine does no I/O.',
            },
            { group: ['@prisma/*', 'bullmq', 'ioredis', 'express', 'pg'], message: 'The engine does no I/O.' },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        { object: 'Date', property: 'now', message: 'Time is an input to the engine.' },
        { object: 'Math', property: 'random', message: 'Randomness is an input to the engine.' },
        { object: 'crypto', property: 'randomUUID', message: 'Randomness is an input to the engine.' },
        { object: 'crypto', property: 'getRandomValues', message: 'Randomness is an input to the engine.' },
      ],
      'no-restricted-globals': [
        'error',
        { name: 'Date', message: 'Time is an input to the engine: take `now` (epoch seconds) as an argument.' },
        { name: 'setTimeout', message: 'The engine has no clock.' },
        { name: 'setInterval', message: 'The engine has no clock.' },
        { name: 'fetch', message: 'The engine does no I/O.' },
        { name: 'process', message: 'The engine does not read the environment.' },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.cjs', '**/*.mjs'],
    ...tseslint.configs.disableTypeChecked,
  },
  {
    // Tool configuration files must default-export their config: that is the tools' contract, not ours.
    files: ['eslint.config.mjs', '**/prisma.config.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // The project `wfo init` writes: its app must default-export the orchestrator (the CLI's contract).
    files: ['packages/cli/templates/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.js', '**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['**/test/**/*.ts', 'bench/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
);
