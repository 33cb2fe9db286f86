import type { PrismaClient } from '@wfo/db';
import request from 'supertest';
import { z } from 'zod';
import { createApp, defineRoute, reporterQuery, uuidParam, type RouteModule } from '../src';
import { refsOf } from './support/openapi-refs';
import { testLogger } from './support/test-logger';

const extraRoutes: RouteModule = () => [
  defineRoute({
    method: 'post',
    path: '/api/processes/:workflow_key',
    summary: 'Start a process',
    tags: ['Processes'],
    params: z.object({ workflow_key: z.string() }),
    query: z.object({ reporter: reporterQuery }),
    body: z.array(z.record(z.string(), z.unknown())),
    responses: { 201: { description: 'Started', schema: z.object({ id: z.string().meta({ format: 'uuid' }) }) } },
    handler: () => ({ id: 'x' }),
  }),
  defineRoute({
    method: 'put',
    path: '/api/processes/:process_id/abort',
    summary: 'Abort a process',
    tags: ['Processes'],
    params: z.object({ process_id: uuidParam }),
    responses: { 204: { description: 'Aborted' } },
    handler: () => undefined,
  }),
];

describe('GET /api/openapi.json', () => {
  const app = createApp({
    prisma: {} as PrismaClient,
    redis: { ping: async () => 'PONG' },
    workflows: new Map(),
    logger: testLogger(),
    routers: [extraRoutes],
    options: { openapi: { title: 'Test orchestrator', version: '9.9.9' } },
  });

  it('documents every route of every module in OpenAPI 3.1', async () => {
    const res = await request(app).get('/api/openapi.json').expect(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info).toEqual({ title: 'Test orchestrator', version: '9.9.9' });
    expect(Object.keys(doc.paths).sort()).toEqual([
      '/api/health',
      '/api/openapi.json',
      '/api/processes',
      '/api/processes/status-counts',
      '/api/processes/{process_id}',
      '/api/processes/{process_id}/abort',
      '/api/processes/{workflow_key}',
      '/api/workflows',
      '/api/workflows/{workflow_id}',
    ]);
    expect(doc.tags.map((t: { name: string }) => t.name)).toEqual(['Health', 'Meta', 'Processes', 'Workflows']);
  });

  it('describes parameters, bodies and responses from the zod schemas', async () => {
    const { body: doc } = await request(app).get('/api/openapi.json').expect(200);
    const detail = doc.paths['/api/processes/{process_id}'].get;
    expect(detail.operationId).toBe('getApiProcessesProcessId');
    expect(detail.parameters).toEqual([
      {
        name: 'process_id',
        in: 'path',
        required: true,
        schema: expect.objectContaining({ type: 'string', format: 'uuid' }),
      },
    ]);
    expect(detail.responses['200'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ProcessSchema',
    });
    expect(detail.responses['404'].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/ProblemDetail',
    });
    expect(detail.responses['422']).toBeDefined();

    const list = doc.paths['/api/processes'].get;
    expect(
      list.parameters.map((p: { name: string; in: string; required: boolean }) => [p.name, p.in, p.required]),
    ).toEqual([
      ['range', 'query', false],
      ['sort', 'query', false],
      ['filter', 'query', false],
    ]);
    expect(list.responses['200'].content['application/json'].schema).toEqual({
      type: 'array',
      items: { $ref: '#/components/schemas/ProcessSchema' },
    });

    const start = doc.paths['/api/processes/{workflow_key}'].post;
    expect(start.requestBody).toMatchObject({
      required: true,
      content: { 'application/json': { schema: { type: 'array' } } },
    });
    expect(start.parameters.find((p: { name: string }) => p.name === 'reporter')).toMatchObject({
      in: 'query',
      required: false,
      schema: { maxLength: 100 },
    });

    const abort = doc.paths['/api/processes/{process_id}/abort'].put;
    expect(abort.responses['204']).toEqual({ description: 'Aborted' });

    expect(doc.paths['/api/health'].get.security).toEqual([]);
  });

  it('shares named schemas as components, with epoch-second datetimes, and every reference resolves', async () => {
    const { body: doc } = await request(app).get('/api/openapi.json').expect(200);
    const { schemas } = doc.components;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'ProcessSchema',
        'ProcessStepSchema',
        'SubscriptionSchema',
        'ProductBaseSchema',
        'WorkflowSchema',
        'ProblemDetail',
        'ProcessStatus',
      ]),
    );
    expect(schemas.ProcessSchema.properties.started_at).toMatchObject({ type: 'number', format: 'unix-timestamp' });
    expect(schemas.ProcessSchema.required).toContain('process_id');
    for (const ref of refsOf(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(schemas[ref.slice('#/components/schemas/'.length)]).toBeDefined();
    }
  });
});
