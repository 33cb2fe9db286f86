import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { isOrchestrator, type Orchestrator } from '@wfo/core';
import { isTypeScript, registerTypeScript } from './typescript-loader';

/**
 * Load the application module given to `--app`: a `.ts` or `.js` file, ESM or CommonJS, whose default export is
 * `defineOrchestrator(...)`. A TypeScript default export compiled to CommonJS arrives as `module.default.default`.
 */
export async function loadApp(appPath: string): Promise<Orchestrator> {
  const absolute = path.resolve(appPath);
  if (isTypeScript(absolute)) registerTypeScript();
  const mod = await requireOrImport(absolute);
  for (const candidate of [mod.default, (mod.default as Record<string, unknown> | undefined)?.default, mod]) {
    if (isOrchestrator(candidate)) return candidate;
  }
  throw new Error(`${appPath} must export defineOrchestrator(...) as its default export`);
}

/**
 * The TypeScript loader compiles either module syntax to CommonJS; a plain-JavaScript ES module (`.mjs`, or `.js` in a
 * `"type": "module"` package) cannot be required on Node 20 and is imported instead.
 */
async function requireOrImport(absolute: string): Promise<Record<string, unknown>> {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(absolute) as Record<string, unknown>;
  } catch (err) {
    if ((err as { code?: string }).code !== 'ERR_REQUIRE_ESM') throw err;
    return (await import(pathToFileURL(absolute).href)) as Record<string, unknown>;
  }
}
