import type { PrismaClient } from '@wfo/db';
import {
  FormNotCompleteError,
  FormOverflowError,
  FormValidationError,
  WorkflowNotFoundError,
  type User,
} from '@wfo/engine';
import request from 'supertest';
import { z } from 'zod';
import {
  createApp,
  defineRoute,
  getUser,
  HttpError,
  reporterQuery,
  resolveUserName,
  uuidParam,
  type AppDependencies,
  type RouteModule,
} from '../src';
import { testLogger } from './support/test-logger';

const ID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

// These routes only exercise the framework: no database behind them. The health check gets stubs that answer.
const stubPrisma = { $queryRaw: async () => [{ '?column?': 1 }] } as unknown as PrismaClient;

function appWith(routes: RouteModule, extra: Partial<AppDependencies> = {}) {
  const logger = testLogger();
  const app = createApp({
    prisma: stubPrisma,
    redis: { ping: async () => 'PONG' },
    workflows: new Map(),
    logger,
    routers: [routes],
    ...extra,
  });
  return { app, logger };
}

const thingRoutes: RouteModule = () => [
  defineRoute({
    method: 'get',
    path: '/api/things/:thing_id',
    summary: 'Get a thing',
    tags: ['Things'],
    params: z.object({ thing_id: uuidParam }),
    query: z.object({ reporter: reporterQuery, limit: z.coerce.number().int().min(1).optional() }),
    responses: { 200: { description: 'The thing', schema: z.object({ id: z.string(), by: z.string() }) } },
    handler: ({ params, query, user }) => ({ id: params.thing_id, by: resolveUserName(query.reporter, user) }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/things/special',
    summary: 'The special thing',
    tags: ['Things'],
    responses: { 200: { description: 'Special', schema: z.string() } },
    handler: () => 'special',
  }),
  defineRoute({
    method: 'post',
    path: '/api/things',
    summary: 'Create things',
    tags: ['Things'],
    body: z.array(z.object({ name: z.string().min(1) })),
    responses: { 201: { description: 'Created', schema: z.object({ count: z.number() }) } },
    handler: ({ body }) => ({ count: body.length }),
  }),
  defineRoute({
    method: 'put',
    path: '/api/things/:thing_id/touch',
    summary: 'Touch a thing',
    tags: ['Things'],
    params: z.object({ thing_id: uuidParam }),
    body: z.union([z.string(), z.record(z.string(), z.unknown())]),
    responses: { 204: { description: 'Touched' } },
    handler: () => undefined,
  }),
  defineRoute({
    method: 'get',
    path: '/api/fail/:kind',
    summary: 'Fail on purpose',
    tags: ['Things'],
    params: z.object({ kind: z.string() }),
    responses: { 200: { description: 'Never' } },
    handler: ({ params }) => {
      switch (params.kind) {
        case 'operation':
          throw new WorkflowNotFoundError();
        case 'http':
          throw new HttpError(409, 'Already there', { headers: { 'Retry-After': '5' }, extra: { hint: 'wait' } });
        case 'form-incomplete':
          throw new FormNotCompleteError({ title: 'Page 2', type: 'object', properties: {} }, { hasNext: false });
        case 'form-invalid':
          throw new FormValidationError([{ loc: ['name'], msg: 'Field required', type: 'missing' }]);
        case 'form-overflow':
          throw new FormOverflowError('Not all pages were used');
        default:
          throw new Error('secret internals');
      }
    },
  }),
  defineRoute({
    method: 'get',
    path: '/api/lying',
    summary: 'Answers a body that does not match its schema',
    tags: ['Things'],
    responses: { 200: { description: 'A number', schema: z.object({ n: z.number() }) } },
    handler: () => ({ n: 'not a number' }),
  }),
];

describe('defineRoute', () => {
  it('refuses path parameters without a schema, and routes without a success response', () => {
    expect(() =>
      defineRoute({
        method: 'get',
        path: '/a/:id',
        summary: 's',
        tags: [],
        responses: { 200: { description: 'x' } },
        handler: () => 1,
      }),
    ).toThrow(/missing: id/);
    expect(() =>
      defineRoute({
        method: 'get',
        path: '/a',
        summary: 's',
        tags: [],
        responses: { 404: { description: 'x' } },
        handler: () => 1,
      }),
    ).toThrow(/2xx/);
  });

  it('refuses a route defined twice', () => {
    expect(() => appWith((deps) => [...thingRoutes(deps), ...thingRoutes(deps)])).toThrow(/defined twice/);
  });
});

describe('request validation', () => {
  const { app } = appWith(thingRoutes);

  it('passes validated, transformed inputs to the handler', async () => {
    const res = await request(app).get(`/api/things/${ID.toUpperCase()}?reporter=alice`).expect(200);
    expect(res.body).toEqual({ id: ID, by: 'alice' });
  });

  it('answers a malformed uuid path parameter with 422 naming it', async () => {
    const res = await request(app).get('/api/things/wrong').expect(422);
    expect(res.body).toEqual({
      detail: "Path parameter 'thing_id': Invalid UUID",
      status: 422,
      title: 'Unprocessable Entity',
    });
  });

  it('answers malformed query parameters with 422 naming each', async () => {
    const res = await request(app)
      .get(`/api/things/${ID}?reporter=${'x'.repeat(101)}&limit=0`)
      .expect(422);
    expect(res.body.detail).toContain("Query parameter 'reporter': reporter must be at most 100 characters");
    expect(res.body.detail).toContain("Query parameter 'limit'");
    const repeated = await request(app).get(`/api/things/${ID}?reporter=a&reporter=b`).expect(422);
    expect(repeated.body.detail).toMatch(/Query parameter 'reporter'/);
  });

  it('answers a missing, mistyped or malformed body with 422, and a valid one with the success status', async () => {
    const missing = await request(app).post('/api/things').expect(422);
    expect(missing.body.detail).toBe('A request body is required: send JSON with Content-Type: application/json');
    const wrong = await request(app)
      .post('/api/things')
      .send([{ name: 'a' }, { name: '' }])
      .expect(422);
    expect(wrong.body.detail).toMatch(/^Request body field \[1\]\.name: /);
    const notArray = await request(app).post('/api/things').send({}).expect(422);
    expect(notArray.body.detail).toMatch(/^Request body: /);
    const malformed = await request(app)
      .post('/api/things')
      .set('Content-Type', 'application/json')
      .send('[{"name": "a",')
      .expect(422);
    expect(malformed.body.detail).toMatch(/^Request body is not valid JSON: /);
    await request(app)
      .post('/api/things')
      .send([{ name: 'a' }])
      .expect(201, { count: 1 });
  });

  it('accepts text/plain bodies where the schema allows a string, and sends no body for undefined', async () => {
    const res = await request(app).put(`/api/things/${ID}/touch`).set('Content-Type', 'text/plain').send('50%');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
  });

  it('answers a body over the limit with 413', async () => {
    const { app: small } = appWith(thingRoutes, { options: { bodyLimit: 100 } });
    const res = await request(small)
      .post('/api/things')
      .send([{ name: 'x'.repeat(200) }])
      .expect(413);
    expect(res.body).toEqual({
      detail: 'Request body is larger than the limit of 100 bytes',
      status: 413,
      title: 'Payload Too Large',
    });
  });

  it('prefers a literal path segment over a parameter, whatever the registration order', async () => {
    await request(app).get('/api/things/special').expect(200, '"special"');
  });
});

describe('errors', () => {
  const { app, logger } = appWith(thingRoutes, { options: { validateResponses: true } });

  it('maps process operation errors to their status', async () => {
    const res = await request(app).get('/api/fail/operation').expect(404);
    expect(res.body).toEqual({ detail: 'Workflow does not exist', status: 404, title: 'Not Found' });
  });

  it('sends HttpError with its headers and extra fields', async () => {
    const res = await request(app).get('/api/fail/http').expect(409);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.body).toEqual({ detail: 'Already there', status: 409, title: 'Conflict', hint: 'wait' });
  });

  it('answers form errors in pydantic-forms shapes', async () => {
    const incomplete = await request(app).get('/api/fail/form-incomplete').expect(510);
    expect(incomplete.body).toEqual({
      type: 'FormNotCompleteError',
      title: 'Form not complete',
      status: 510,
      detail: JSON.stringify({ title: 'Page 2', type: 'object', properties: {} }),
      form: { title: 'Page 2', type: 'object', properties: {} },
      meta: { hasNext: false },
    });
    const invalid = await request(app).get('/api/fail/form-invalid').expect(400);
    expect(invalid.body).toMatchObject({
      type: 'FormValidationError',
      title: 'Form not valid',
      status: 400,
      validation_errors: [{ loc: ['name'], msg: 'Field required', type: 'missing' }],
    });
    expect(invalid.body.detail).toMatch(/^1 validation error for/);
    const overflow = await request(app).get('/api/fail/form-overflow').expect(400);
    expect(overflow.body).toMatchObject({ type: 'FormOverflowError', status: 400 });
  });

  it('answers unexpected errors with a generic 500 and logs them', async () => {
    const res = await request(app).get('/api/fail/boom').expect(500);
    expect(res.body).toEqual({ detail: 'Internal Server Error', status: 500, title: 'Internal Server Error' });
    expect(JSON.stringify(res.body)).not.toContain('secret');
    expect(logger.lines.some((l) => l.level === 'error' && String(l.fields?.error).includes('secret internals'))).toBe(
      true,
    );
  });

  it('checks responses against their schema when asked to', async () => {
    await request(app).get('/api/lying').expect(500);
    expect(logger.lines.some((l) => String(l.fields?.error).includes('answered a body its schema rejects'))).toBe(true);
  });

  it('answers unknown paths with 404 and known paths with another method with 405', async () => {
    const res = await request(app).get('/api/nothing-here').expect(404);
    expect(res.body).toEqual({ detail: 'Not Found', status: 404, title: 'Not Found' });
    const wrongMethod = await request(app).delete('/api/things/special').expect(405);
    expect(wrongMethod.headers.allow).toBe('GET');
    expect(wrongMethod.body).toEqual({ detail: 'Method Not Allowed', status: 405, title: 'Method Not Allowed' });
  });

  it('answers an undecodable path with 400, not 500', async () => {
    const res = await request(app).get('/api/fail/%E0%A4%A').expect(400);
    expect(res.body.status).toBe(400);
  });
});

describe('authentication', () => {
  const alice: User = { name: 'Alice', email: 'alice@example.com' };
  const authenticate = (req: { get(name: string): string | undefined }) => {
    const header = req.get('Authorization');
    if (header === 'Bearer good') return alice;
    if (header === 'Bearer anonymous') return null;
    throw new HttpError(401, 'Not authenticated', { headers: { 'WWW-Authenticate': 'Bearer' } });
  };
  const whoami: RouteModule = () => [
    defineRoute({
      method: 'get',
      path: '/api/whoami',
      summary: 'Who am I',
      tags: ['Things'],
      query: z.object({ reporter: reporterQuery }),
      responses: { 200: { description: 'The names' } },
      handler: ({ req, user, query }) => ({
        user: getUser(req),
        same: getUser(req) === user,
        recordedAs: resolveUserName(query.reporter, user),
      }),
    }),
  ];
  const { app } = appWith(whoami, { auth: { authenticate } });

  it('refuses requests authenticate rejects, in the error shape', async () => {
    const res = await request(app).get('/api/whoami').expect(401);
    expect(res.headers['www-authenticate']).toBe('Bearer');
    expect(res.body).toEqual({ detail: 'Not authenticated', status: 401, title: 'Unauthorized' });
    await request(app).get('/api/openapi.json').expect(401);
  });

  it('gives handlers the user, and records the reporter, the user name, or SYSTEM', async () => {
    const res = await request(app).get('/api/whoami').set('Authorization', 'Bearer good').expect(200);
    expect(res.body).toEqual({ user: alice, same: true, recordedAs: 'Alice' });
    const reported = await request(app).get('/api/whoami?reporter=bob').set('Authorization', 'Bearer good');
    expect(reported.body.recordedAs).toBe('bob');
    const anonymous = await request(app).get('/api/whoami').set('Authorization', 'Bearer anonymous');
    expect(anonymous.body).toEqual({ user: null, same: true, recordedAs: 'SYSTEM' });
  });

  it('leaves the health check open', async () => {
    await request(app).get('/api/health').expect(200, '"OK"');
  });

  it('authenticates before validating', async () => {
    const res = await request(app)
      .get(`/api/whoami?reporter=${'x'.repeat(101)}`)
      .expect(401);
    expect(res.body.status).toBe(401);
  });
});

describe('resolveUserName', () => {
  it('falls back from reporter to name to user_name to SYSTEM', () => {
    expect(resolveUserName('rep', { name: 'n' })).toBe('rep');
    expect(resolveUserName('', { name: 'n' })).toBe('n');
    expect(resolveUserName(undefined, { user_name: 'un' })).toBe('un');
    expect(resolveUserName(undefined, null)).toBe('SYSTEM');
  });
});
