import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createTestDatabase, createTestRedisPrefix } from '@wfo/db';
import { startWfo, TEST_APP, waitFor } from './harness';
import { client } from './http-client';

const WFO = path.resolve(__dirname, '../../packages/cli/bin/wfo.js');

describe('wfo dev', () => {
  it('migrates, then runs the API and a worker in one command', async () => {
    const db = await createTestDatabase();
    const child = spawn(process.execPath, [WFO, 'dev', '--app', TEST_APP, '--port', '0'], {
      env: {
        ...process.env,
        DATABASE_URL: db.url,
        WFO_QUEUE_PREFIX: `{${createTestRedisPrefix()}}`,
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      const url = await waitFor('wfo dev to listen', async () => output.match(/listening on (http:\/\/\S+)/)?.[1]);
      expect(output).toContain('Authentication is OFF');
      const api = client(url);
      const id = await api.start('e2e_linear');
      await api.waitForStatus(id, 'completed');
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      await db.drop();
    }
  });

  it('refuses a bad environment at boot, listing every problem', async () => {
    const child = spawn(process.execPath, [WFO, 'api', '--app', TEST_APP], {
      env: { ...process.env, PORT: 'eighty', DATABASE_URL: 'mysql://x', WFO_STALLED_INTERVAL_MS: '-1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).toBe(1);
    expect(output).toContain('PORT');
    expect(output).toContain('DATABASE_URL');
    expect(output).toContain('WFO_STALLED_INTERVAL_MS');
  });
});

describe('wfo products migrate', () => {
  const run = (args: string[], databaseUrl: string) =>
    new Promise<{ code: number | null; output: string }>((resolve) => {
      const child = spawn(process.execPath, [WFO, 'products', 'migrate', '--app', TEST_APP, ...args], {
        env: { ...process.env, DATABASE_URL: databaseUrl },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let output = '';
      child.stdout.on('data', (c: Buffer) => (output += c.toString()));
      child.stderr.on('data', (c: Buffer) => (output += c.toString()));
      child.on('exit', (code) => resolve({ code, output }));
    });

  it('prints the plan on a fresh database with --dry-run and changes nothing; then applies it', async () => {
    const db = await createTestDatabase();
    try {
      const dry = await run(['--dry-run'], db.url);
      expect(dry.code).toBe(0);
      expect(dry.output).toContain('+ link workflow "e2e_create_node" to product "E2E Node"');
      expect(dry.output).not.toContain('Applied');

      const applied = await run([], db.url);
      expect(applied.code).toBe(0);
      expect(applied.output).toContain('+ link workflow "e2e_create_node" to product "E2E Node"');
      expect(applied.output).toMatch(/Applied \d+ change\(s\)\./);

      expect((await run(['--dry-run'], db.url)).output).toContain('Products are in sync with the database');
    } finally {
      await db.drop();
    }
  }, 60_000);
});

describe('graceful shutdown of a worker', () => {
  it('finishes the running step on SIGTERM, then exits; another worker continues the process', async () => {
    const wfo = await startWfo({ workers: 1 });
    try {
      const api = client(wfo.url);
      const marker = path.join(wfo.tmp, 'graceful');
      const id = await api.start('e2e_slow', [{ sleep_ms: 1500, marker }]);
      await waitFor('the slow step to start', async () => (existsSync(marker) ? true : undefined));
      const worker = wfo.workers[0]!;
      worker.child.kill('SIGTERM');
      expect(await worker.exited).toBe(0);
      const p = await api.process(id);
      const committed = p.steps.filter((s: any) => s.status !== 'pending').map((s: any) => s.name);
      expect(committed).toContain('Slow'); // the step finished and was checkpointed before the exit
      expect(p.last_status).toBe('running');
      await wfo.startWorker();
      await api.waitForStatus(id, 'completed');
    } finally {
      await wfo.stop();
    }
  });
});
