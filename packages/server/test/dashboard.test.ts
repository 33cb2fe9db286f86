import type { PrismaClient } from '@wfo/db';
import { createTestRedisPrefix } from '@wfo/db';
import { Queue } from 'bullmq';
import request from 'supertest';
import { createApp, HttpError } from '../src';
import { testLogger } from './support/test-logger';

describe('Bull dashboard', () => {
  const prefix = createTestRedisPrefix();
  const connection = { url: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
  const queue = new Queue('wfo-steps', { prefix, connection });
  const app = createApp({
    prisma: {} as PrismaClient,
    redis: { ping: async () => 'PONG' },
    workflows: new Map(),
    logger: testLogger(),
    dashboard: { queues: [queue] },
    auth: {
      authenticate: (req) => {
        if (req.get('Authorization') === 'Bearer ok') return { name: 'op' };
        throw new HttpError(401, 'Not authenticated');
      },
    },
  });

  afterAll(async () => {
    await queue.obliterate({ force: true });
    await queue.close();
  });

  it('is mounted at /dashboard/queues behind authentication', async () => {
    const refused = await request(app).get('/dashboard/queues/api/queues').expect(401);
    expect(refused.body).toEqual({ detail: 'Not authenticated', status: 401, title: 'Unauthorized' });
    const res = await request(app).get('/dashboard/queues/api/queues').set('Authorization', 'Bearer ok').expect(200);
    expect(res.body.queues.map((q: { name: string }) => q.name)).toEqual(['wfo-steps']);
    await request(app)
      .get('/dashboard/queues')
      .set('Authorization', 'Bearer ok')
      .expect(200)
      .expect('Content-Type', /html/);
  });

  it('is absent without queues', async () => {
    const bare = createApp({
      prisma: {} as PrismaClient,
      redis: { ping: async () => 'PONG' },
      workflows: new Map(),
      logger: testLogger(),
    });
    await request(bare).get('/dashboard/queues/api/queues').expect(404);
  });
});
