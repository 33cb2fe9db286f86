// WFO used as a user outside this repository uses it: `wfo init` packs the @wfo packages (`npm pack`) into a new
// project in a temporary folder, which installs them (third-party packages from the npm registry), runs its own
// workflow tests and type-check, and starts with `npm start` (`wfo dev`: migrations from the installed @wfo/db,
// the API and a worker) against the shared Postgres and Redis, with a database and queue prefix of its own.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { createTestRedisPrefix, withDatabaseName } from '@wfo/db';
import { waitFor } from '../e2e/harness';
import { client } from '../e2e/http-client';

const ROOT = path.resolve(__dirname, '../..');
const WFO = path.join(ROOT, 'packages/cli/bin/wfo.js');
const SERVER_URL = process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

/** The environment without what `npm run`/jest put in it (npm_config_*, the workspace's paths): a user's shell. */
function userEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('npm_')));
  delete env.DATABASE_URL;
  delete env.WFO_JEST_RESULTS;
  return { ...env, ...extra };
}

interface Run {
  readonly code: number | null;
  readonly output: string;
}

function run(command: string, args: string[], cwd: string, env = userEnv()): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

function expectSuccess(result: Run, what: string): void {
  if (result.code !== 0) throw new Error(`${what} exited with ${result.code}:\n${result.output}`);
}

// Installing from the registry and starting a project take minutes on a busy machine, not the default 30 s.
jest.setTimeout(300_000);

const tmp = mkdtempSync(path.join(tmpdir(), 'wfo-package-'));
const project = path.join(tmp, 'my-orchestrator');
const database = `wfo_test_package_${process.pid}`;

afterAll(async () => {
  const admin = new Client({ connectionString: withDatabaseName(SERVER_URL, 'postgres') });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  await admin.end();
  rmSync(tmp, { recursive: true, force: true });
});

describe('a project of its own, made by wfo init from the packed packages', () => {
  it('wfo init packs every package, with built JavaScript, declarations and the migrations, and no sources', async () => {
    expectSuccess(await run(process.execPath, [WFO, 'init', project], tmp), 'wfo init');

    const tarballs = readdirSync(path.join(project, 'wfo-packages')).sort();
    expect(tarballs).toEqual(
      readdirSync(path.join(ROOT, 'packages'))
        .map((folder) => `wfo-${folder}-0.1.0.tgz`)
        .sort(),
    );
    for (const tarball of tarballs) {
      const listing = await run('tar', ['-tzf', path.join(project, 'wfo-packages', tarball)], tmp);
      expect(listing.output).toContain('package/dist/index.js');
      expect(listing.output).toContain('package/dist/index.d.ts');
      expect(listing.output).not.toMatch(/package\/src\/|\.tsbuildinfo/);
    }
    const db = await run('tar', ['-tzf', path.join(project, 'wfo-packages', 'wfo-db-0.1.0.tgz')], tmp);
    expect(db.output).toMatch(/package\/migrations\/\d+_init\/migration\.sql/);

    const manifest = JSON.parse(readFileSync(path.join(project, 'package.json'), 'utf8'));
    expect(Object.keys(manifest.dependencies)).toEqual(['@wfo/cli', '@wfo/core', 'zod']);
    expect(manifest.scripts).toMatchObject({ start: 'wfo dev --app src/app.ts', test: 'jest' });
  });

  it('installs (third-party packages from the registry), and its npm test and typecheck pass', async () => {
    expectSuccess(await run('npm', ['install', '--no-audit', '--no-fund'], project), 'npm install');

    const test = await run('npm', ['test'], project);
    expectSuccess(test, 'npm test');
    expect(test.output).toMatch(/Tests:\s+2 passed/);
    expectSuccess(await run('npm', ['run', 'typecheck'], project), 'npm run typecheck');
  });

  it('npm start migrates a new database, answers health and runs create_site to completion', async () => {
    const env = userEnv({
      DATABASE_URL: withDatabaseName(SERVER_URL, database),
      WFO_QUEUE_PREFIX: `{${createTestRedisPrefix()}}`,
      PORT: '0',
      HOST: '127.0.0.1',
    });
    const child = spawn('npm', ['start'], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise((resolve) => child.on('exit', resolve));
    try {
      const url = await waitFor(
        'npm start to listen',
        async () => output.match(/listening on (http:\/\/\S+)/)?.[1],
        90_000,
      );
      expect(output).toMatch(/Applied \d+ migration\(s\)/);
      const api = client(url);
      expect((await api.get('/api/health')).status).toBe(200);

      const firstPage = await api.post('/api/processes/create_site', []);
      expect(firstPage.status).toBe(510);
      const product = firstPage.body.form.$defs.ProductChoice.enum[0];
      const id = await api.start('create_site', [
        { product },
        { customer_id: 'acme', site_name: 'Amsterdam 1', address: 'Science Park 140' },
      ]);
      const done = await api.waitForStatus(id, 'completed');
      expect(done.current_state.subscription.site).toMatchObject({ site_code: 'AMSTERDAM-1' });
    } finally {
      process.kill(-child.pid!, 'SIGTERM'); // npm, its shell and wfo: the whole process group
      await exited;
    }
  });
});
