// `wfo migrate` (and `wfo dev`, which migrates first) waits for Postgres to accept connections, so
// `docker compose up -d && npm start` cannot race a Postgres that is still starting on a fresh volume (issue 7).
// Here a proxy plays Docker's published port: it accepts connections and drops them until "Postgres is up", then
// forwards them to the real one.
import { spawn } from 'node:child_process';
import { connect, createServer, type Server } from 'node:net';
import path from 'node:path';
import { createTestDatabase, type TestDatabase } from '@wfo/db';

const WFO = path.resolve(__dirname, '../../packages/cli/bin/wfo.js');

describe('wfo migrate on a Postgres that is still starting', () => {
  let db: TestDatabase;
  let proxy: Server;
  let up = false;

  beforeAll(async () => {
    db = await createTestDatabase();
    const target = new URL(db.url);
    proxy = createServer((socket) => {
      if (!up) {
        socket.destroy();
        return;
      }
      const upstream = connect(Number(target.port || 5432), target.hostname);
      socket.pipe(upstream).pipe(socket);
      socket.on('error', () => upstream.destroy());
      upstream.on('error', () => socket.destroy());
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  });

  afterAll(async () => {
    await new Promise((resolve) => proxy?.close(resolve));
    await db?.drop();
  });

  it('waits until it accepts connections, then migrates', async () => {
    const url = new URL(db.url);
    const address = proxy.address();
    url.port = String(typeof address === 'object' && address ? address.port : 0);
    url.hostname = '127.0.0.1';
    const child = spawn(process.execPath, [WFO, 'migrate'], {
      env: { ...process.env, DATABASE_URL: url.toString() },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 30_000;
    while (!output.includes('Waiting for Postgres') && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    up = true;
    expect(await exited).toBe(0);
    expect(output).toContain('to accept connections');
    expect(output).toContain('Database is up to date');
  }, 60_000);
});
