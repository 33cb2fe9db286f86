import { createPrisma } from '@wfo/db';
import { Redis } from 'ioredis';
import request from 'supertest';
import { startTestApp, type TestApp } from './support/test-app';

describe('GET /api/health', () => {
  let t: TestApp;
  let redis: Redis;
  let deadRedis: Redis;

  beforeAll(async () => {
    t = await startTestApp();
    redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379', { lazyConnect: true });
    // Port 1: nothing listens. No retries and no offline queue, so a ping fails instead of waiting for a reconnect.
    deadRedis = new Redis({
      host: '127.0.0.1',
      port: 1,
      lazyConnect: true,
      maxRetriesPerRequest: 0,
      enableOfflineQueue: false,
      retryStrategy: () => null,
    });
    deadRedis.on('error', () => {});
  });
  afterAll(async () => {
    redis.disconnect();
    // Its connection failed for good ('end'): disconnecting again would leave ioredis waiting on a closed socket.
    if (deadRedis.status !== 'end') deadRedis.disconnect();
    await t.close();
  });

  it('answers "OK" when Postgres and Redis answer', async () => {
    const res = await request(t.with({ redis })).get('/api/health').expect(200);
    expect(res.body).toBe('OK');
  });

  it('answers 503 naming Redis when Redis is down', async () => {
    const res = await request(t.with({ redis: deadRedis }))
      .get('/api/health')
      .expect(503);
    expect(res.body).toEqual({
      detail: 'Redis is unavailable',
      status: 503,
      title: 'Service Unavailable',
      checks: { postgres: 'ok', redis: 'unavailable' },
    });
    expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');
    expect(t.logLines.some((l) => l.message === 'Health check failed')).toBe(true);
  });

  it('answers 503 when a dependency does not answer in time', async () => {
    const hanging = { ping: () => new Promise<never>(() => {}) };
    const res = await request(t.with({ redis: hanging, options: { healthTimeoutMs: 50 } }))
      .get('/api/health')
      .expect(503);
    expect(res.body.checks).toEqual({ postgres: 'ok', redis: 'unavailable' });
  });

  it('answers 503 naming Postgres when Postgres is down', async () => {
    const deadPrisma = createPrisma({ databaseUrl: 'postgresql://postgres@127.0.0.1:1/nothing' });
    try {
      const res = await request(t.with({ prisma: deadPrisma, redis: deadRedis }))
        .get('/api/health')
        .expect(503);
      expect(res.body.detail).toBe('Postgres and Redis are unavailable');
      expect(res.body.checks).toEqual({ postgres: 'unavailable', redis: 'unavailable' });
    } finally {
      await deadPrisma.$disconnect();
    }
  });
});
