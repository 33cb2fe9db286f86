// Load shedding: past `maxConcurrentRequests` requests at once, one more is refused at once with 429 and
// Retry-After (not queued), the health check still answers, and capacity comes back as requests finish.
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { z } from 'zod';
import { defineRoute, type RouteModule } from '../src';
import { startTestApp, type TestApp } from './support/test-app';

let release: () => void = () => undefined;
let gate = new Promise<void>((resolve) => (release = resolve));

const slowRoutes: RouteModule = () => [
  defineRoute({
    method: 'get',
    path: '/api/slow',
    summary: 'Waits until the test lets it answer',
    tags: ['Test'],
    responses: { 200: { description: 'Done', schema: z.object({ ok: z.boolean() }) } },
    handler: async () => {
      await gate;
      return { ok: true };
    },
  }),
];

let testApp: TestApp;
let server: Server;
let base: string;

beforeAll(async () => {
  testApp = await startTestApp();
  server = testApp.with({ routers: [slowRoutes], options: { maxConcurrentRequests: 2 } }).listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
  await testApp.close();
});

it('refuses the request past the limit with 429 at once, answers health checks, and recovers', async () => {
  const first = fetch(`${base}/api/slow`);
  const second = fetch(`${base}/api/slow`);
  await new Promise((resolve) => setTimeout(resolve, 200)); // both are being answered now

  const refused = await fetch(`${base}/api/slow`);
  expect(refused.status).toBe(429);
  expect(refused.headers.get('retry-after')).toBe('1');
  expect(await refused.json()).toEqual({
    detail: 'The server is answering 2 requests already (WFO_MAX_CONCURRENT_REQUESTS): try again in a second',
    status: 429,
    title: 'Too Many Requests',
  });
  expect((await fetch(`${base}/api/health`)).status).toBe(200);

  release();
  expect((await first).status).toBe(200);
  expect((await second).status).toBe(200);
  gate = Promise.resolve();
  expect((await fetch(`${base}/api/slow`)).status).toBe(200);
});
