import path from 'node:path';
import type * as Pirates from 'pirates';
import type * as Sucrase from 'sucrase';

const TYPESCRIPT_EXTENSIONS = ['.ts', '.cts', '.mts'];

/** Whether `file` is TypeScript, which Node cannot load by itself. */
export function isTypeScript(file: string): boolean {
  return TYPESCRIPT_EXTENSIONS.includes(path.extname(file));
}

let registered = false;

/**
 * Let `require` load the application's TypeScript files (`--app src/app.ts` and what it imports), never anything in
 * `node_modules`: WFO itself is compiled JavaScript. Sucrase strips the types and turns `import`/`export` into
 * CommonJS, keeping every line where it was, so stack traces point at the right lines without source maps. It is
 * pure JavaScript, in process and light (no compiler service or worker thread); it does not type-check (`tsc` does)
 * and does not support decorators. Loaded only when an application is TypeScript.
 */
export function registerTypeScript(): void {
  if (registered) return;
  registered = true;
  /* eslint-disable @typescript-eslint/no-require-imports -- required here, so a JavaScript app never loads them */
  const { addHook } = require('pirates') as typeof Pirates;
  const { transform } = require('sucrase') as typeof Sucrase;
  /* eslint-enable @typescript-eslint/no-require-imports */
  addHook(
    (code, filePath) =>
      transform(code, { transforms: ['typescript', 'imports'], filePath, disableESTransforms: true }).code,
    { exts: TYPESCRIPT_EXTENSIONS, ignoreNodeModules: true },
  );
}
