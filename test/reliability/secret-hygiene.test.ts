// Secrets never reach the logs: the database password, the Redis password, the API tokens and the callback tokens
// stay out of everything `wfo api` and `wfo worker` print, through refused requests, callbacks (the token is in
// the path), Redis going away and coming back, and a database that cannot be reached at boot.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { freePort } from '@wfo/cli';
import { startWfo, waitFor, type Wfo } from '../e2e/harness';
import { client } from '../e2e/http-client';
import { startOwnRedis, type OwnRedis } from '../chaos/services/own-redis';

const DB_PASSWORD = 'db-pass-4c1d';
const REDIS_PASSWORD = 'redis-pass-77e2';
const API_TOKEN = 'api-token-9f3b2a';

let redis: OwnRedis;
let wfo: Wfo;

beforeAll(async () => {
  redis = await startOwnRedis({ password: REDIS_PASSWORD });
  wfo = await startWfo({
    workers: 1,
    env: {
      OAUTH2_ACTIVE: 'true',
      WFO_API_TOKENS: `${API_TOKEN}=alice`,
      REDIS_URL: redis.url,
      LOG_LEVEL: 'debug',
    },
    // The test database trusts local connections: the password is accepted and ignored, but WFO holds it.
    databaseUrl: (url) => url.replace('postgresql://postgres@', `postgresql://postgres:${DB_PASSWORD}@`),
  });
}, 90_000);

afterAll(async () => {
  await wfo?.stop();
  await redis?.destroy();
});

it('prints none of them, whatever happens', async () => {
  const api = client(wfo.url, { authorization: `Bearer ${API_TOKEN}` });
  expect((await client(wfo.url, { authorization: 'Bearer not-the-token' }).get('/api/processes')).status).toBe(401);

  const id = await api.start('e2e_callback');
  const p = await api.waitForStatus(id, 'awaiting_callback');
  const route = p.current_state.callback_route as string;
  const callbackToken = route.split('/').pop()!;
  expect((await api.post(`${route}/progress`, { percent: 10 })).status).toBe(200);
  expect((await api.post(`${route.slice(0, -1)}x`, { ok: true })).status).toBe(404);
  expect((await api.post(route, { ok: true })).status).toBe(200);
  await api.waitForStatus(id, 'completed');
  expect((await api.post(route, { ok: true })).status).toBe(409);

  // Redis goes away (requests answer 503, workers retry and log) and comes back.
  await redis.stop();
  expect((await api.get('/api/settings/status')).status).toBe(503);
  await new Promise((r) => setTimeout(r, 2_000));
  await redis.start();
  await waitFor('the API to reach Redis again', async () =>
    (await api.get('/api/settings/status')).status === 200 ? true : undefined,
  );

  const printed = [wfo.api.output(), ...wfo.workers.map((w) => w.output())].join('\n');
  expect(printed).toContain('Redis error'); // the outage was logged …
  for (const secret of [DB_PASSWORD, REDIS_PASSWORD, API_TOKEN, callbackToken]) {
    expect(printed).not.toContain(secret); // … without a secret
  }
}, 90_000);

it('keeps the database password out of a failed boot', async () => {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [
      path.resolve(__dirname, '../../packages/cli/bin/wfo.js'),
      'api',
      '--app',
      path.resolve(__dirname, '../e2e/app/test-app.ts'),
    ],
    {
      env: {
        ...process.env,
        DATABASE_URL: `postgresql://postgres:${DB_PASSWORD}@127.0.0.1:${port}/wfo`,
        REDIS_URL: `redis://:${REDIS_PASSWORD}@127.0.0.1:${port}`,
        OAUTH2_ACTIVE: 'false',
        PORT: '0',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr.on('data', (c: Buffer) => (output += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
  expect(code).not.toBe(0);
  expect(output).toMatch(/database|Postgres|reach/i);
  expect(output).not.toContain(DB_PASSWORD);
  expect(output).not.toContain(REDIS_PASSWORD);
}, 60_000);
