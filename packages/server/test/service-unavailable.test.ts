// While Postgres or Redis is unavailable the API answers 503 with Retry-After, quickly, and never 500 or a hang; a
// start whose enqueue fails still answers 201 (the process is committed; the reconciler enqueues it later).
import { createServer, type AddressInfo } from 'node:net';
import { createPrisma, createTestDatabase, createTestRedisPrefix, type TestDatabase } from '@wfo/db';
import { done, init, step, steps, workflow } from '@wfo/engine';
import { createRuntime, registerApplication, type Runtime } from '@wfo/runtime';
import { freePort, startEmbeddedRedis, type EmbeddedService } from '@wfo/cli';
import request from 'supertest';
import { createWfoApp } from '../src';
import { serviceUnavailable } from '../src/http/service-unavailable';
import { testLogger } from './support/test-logger';

const hello = workflow(
  { key: 'hello' },
  steps(
    init,
    step('Greet', () => ({ greeted: true })),
    done,
  ),
);

describe('Postgres unreachable', () => {
  let runtime: Runtime;
  const logger = testLogger();

  beforeAll(async () => {
    runtime = createRuntime({
      databaseUrl: `postgresql://postgres@127.0.0.1:${await freePort()}/nothing_here`,
      redisUrl: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379',
      prefix: `{${createTestRedisPrefix()}}`,
      workflows: [hello],
      logger,
      redisFailFast: true,
    });
  });
  afterAll(() => runtime.close());

  it('logs the failed request without the callback token of its path', async () => {
    const pid = '1b4e28ba-2fa1-41d2-883f-0016d3cca427';
    const res = await request(createWfoApp(runtime)).post(`/api/processes/${pid}/callback/secret-token-123`).send({});
    expect(res.status).toBe(503);
    const line = logger.lines.find((l) => String(l.fields?.path).includes(pid));
    expect(line?.fields?.path).toBe(`/api/processes/${pid}/callback/***`);
    expect(JSON.stringify(logger.lines)).not.toContain('secret-token-123');
  });

  it.each([
    ['post', '/api/processes/hello', [{}]],
    ['get', '/api/processes', undefined],
    ['put', '/api/settings/status', { global_lock: true }],
  ] as const)('%s %s answers 503 with Retry-After', async (method, path, body) => {
    const started = Date.now();
    const res = await request(createWfoApp(runtime))[method](path).send(body);
    expect(res.status).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual({
      detail: 'The database is unavailable: try again in a few seconds',
      status: 503,
      title: 'Service Unavailable',
    });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('Redis unreachable after the API started', () => {
  let db: TestDatabase;
  let redis: EmbeddedService;
  let runtime: Runtime;
  const logger = testLogger();

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = await startEmbeddedRedis();
    runtime = createRuntime({
      databaseUrl: db.url,
      redisUrl: redis.url,
      prefix: `{${createTestRedisPrefix()}}`,
      workflows: [hello],
      logger,
      redisFailFast: true,
    });
    await registerApplication(runtime.prisma, runtime.workflows, []);
    await runtime.queue.queue.waitUntilReady(); // as `wfo api` does before it listens
    await redis.stop();
  });
  afterAll(async () => {
    await runtime.close();
    await db.drop();
  });

  it('a read that needs the queue answers 503 within seconds', async () => {
    const res = await request(createWfoApp(runtime)).get('/api/settings/status');
    expect(res.status).toBe(503);
    expect(res.body.detail).toBe('The queue (Redis) is unavailable: try again in a few seconds');
  });

  it('a start answers 201: the process is in Postgres, and the reconciler will enqueue it', async () => {
    const res = await request(createWfoApp(runtime)).post('/api/processes/hello').send([{}]);
    expect(res.status).toBe(201);
    const row = await runtime.prisma.process.findUnique({ where: { pid: res.body.id } });
    expect(row?.last_status).toBe('created');
    expect(logger.lines.map((l) => l.message)).toContain('Could not enqueue; the reconciler will');
  });
});

describe('a database that accepts connections and never answers', () => {
  it('fails the query within the connection timeout, as a 503, instead of hanging', async () => {
    const silent = createServer(() => undefined); // accepts, then says nothing
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as AddressInfo).port;
    const prisma = createPrisma({
      databaseUrl: `postgresql://postgres@127.0.0.1:${port}/wfo`,
      connectionTimeoutMs: 500,
    });
    try {
      const started = Date.now();
      const err = await prisma.$queryRaw`SELECT 1`.then(
        () => null,
        (e: unknown) => e,
      );
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(serviceUnavailable(err)?.status).toBe(503);
    } finally {
      await prisma.$disconnect();
      silent.close();
    }
  });
});
