import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageNameOf, projectManifest } from '../init/project-manifest';
import { CLI_PACKAGE_DIR, resolveWfoSource } from '../init/wfo-source';

const TEMPLATE_DIR = path.join(CLI_PACKAGE_DIR, 'templates', 'project');

/** npm never packs a file named `.gitignore`, so the template's is `gitignore`. */
const RENAMED: Readonly<Record<string, string>> = { gitignore: '.gitignore' };

/**
 * `wfo init <dir>`: a new project in an empty or new folder: package.json (`@wfo/core`, `@wfo/cli`, zod; `npm start`
 * runs `wfo dev`, `npm test` runs jest), tsconfig, `src/app.ts` with a product and its create workflow, a workflow
 * test and a README.
 */
export async function initCommand(dir: string, log: (line: string) => void): Promise<void> {
  const projectDir = path.resolve(dir);
  if (existsSync(projectDir) && readdirSync(projectDir).length > 0) {
    throw new Error(`${dir} is not empty: give wfo init a new or empty folder`);
  }
  mkdirSync(projectDir, { recursive: true });
  const name = packageNameOf(path.basename(projectDir));
  const wfo = resolveWfoSource(projectDir, log);
  const manifest = projectManifest(name, wfo, zodVersion());
  writeFileSync(path.join(projectDir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  copyTemplate(TEMPLATE_DIR, projectDir, { '{{name}}': name });
  const relative = path.relative(process.cwd(), projectDir) || '.';
  log(`Created ${name} in ${projectDir}${wfo.tarballDir ? ' (WFO packages in wfo-packages/)' : ''}. Next:`);
  log(`  cd ${relative}`);
  log('  npm install');
  log('  npm start    # the API on :8080 and a worker');
  log('  npm test     # the workflow tests');
}

function copyTemplate(from: string, to: string, replacements: Readonly<Record<string, string>>): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = path.join(from, entry.name);
    const target = path.join(to, RENAMED[entry.name] ?? entry.name);
    if (entry.isDirectory()) {
      copyTemplate(source, target, replacements);
      continue;
    }
    let text = readFileSync(source, 'utf8');
    for (const [placeholder, value] of Object.entries(replacements)) text = text.split(placeholder).join(value);
    writeFileSync(target, text);
  }
}

/** The zod this CLI runs with (its peer dependency): the project's forms must use the same major version. */
function zodVersion(): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (require('zod/package.json') as { version: string }).version;
}
