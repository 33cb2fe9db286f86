// Two findings of the hostile-input suite: a body nested thousands deep overflowed the stack when it was stored
// (500) or echoed in a form error (Express's HTML error page, with a stack trace). Bodies deeper than the limit are
// refused at the edge, and an error body that cannot be serialised is still answered as JSON.
import { z } from 'zod';
import request from 'supertest';
import { defineRoute, HttpError, type RouteModule } from '../src';
import { jsonDepth, MAX_JSON_DEPTH } from '../src/http/json-depth';
import { startTestApp, type TestApp } from './support/test-app';

const nested = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);

const routes: RouteModule = () => [
  defineRoute({
    method: 'post',
    path: '/api/echo',
    summary: 'Answers the body',
    tags: ['Test'],
    body: z.unknown(),
    responses: { 200: { description: 'The body', schema: z.unknown() } },
    handler: ({ body }) => ({ body }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/unserialisable-error',
    summary: 'Fails with an error whose body cannot be serialised',
    tags: ['Test'],
    responses: { 200: { description: 'Never', schema: z.unknown() } },
    handler: () => {
      const loop: Record<string, unknown> = {};
      loop.self = loop;
      throw new HttpError(400, 'bad', { extra: { loop } });
    },
  }),
];

let testApp: TestApp;
beforeAll(async () => {
  testApp = await startTestApp();
});
afterAll(() => testApp.close());

it('measures depth without recursion, stopping early', () => {
  expect(jsonDepth(JSON.parse(nested(3)), 10)).toBe(3);
  expect(jsonDepth({ a: [{ b: 1 }], c: 'x' }, 10)).toBe(3);
  expect(jsonDepth('scalar', 10)).toBe(0);
  expect(jsonDepth(JSON.parse(nested(100_000)), MAX_JSON_DEPTH)).toBe(MAX_JSON_DEPTH + 1);
});

it(`accepts ${MAX_JSON_DEPTH} levels and refuses deeper bodies with 422`, async () => {
  const app = testApp.with({ routers: [routes] });
  const ok = await request(app).post('/api/echo').type('json').send(nested(MAX_JSON_DEPTH));
  expect(ok.status).toBe(200);
  for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
    const refused = await request(app).post('/api/echo').type('json').send(nested(depth));
    expect(refused.status).toBe(422);
    expect(refused.body).toEqual({
      detail: `Request body is nested deeper than ${MAX_JSON_DEPTH} levels`,
      status: 422,
      title: 'Unprocessable Entity',
    });
  }
});

it('answers an error it cannot serialise as a JSON 500, never an HTML page', async () => {
  const res = await request(testApp.with({ routers: [routes] })).get('/api/unserialisable-error');
  expect(res.status).toBe(500);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toEqual({ detail: 'Internal Server Error', status: 500, title: 'Internal Server Error' });
});
