// `GET /api/docs`: an interactive page for the OpenAPI document (Swagger UI), everything served by the API itself
// (no CDN), public like health while the document stays behind authentication (issue 7).
import type { PrismaClient } from '@wfo/db';
import request from 'supertest';
import { createApp, HttpError } from '../src';
import { testLogger } from './support/test-logger';

describe('GET /api/docs', () => {
  const app = createApp({
    prisma: {} as PrismaClient,
    redis: { ping: async () => 'PONG' },
    workflows: new Map(),
    logger: testLogger(),
    auth: {
      authenticate: () => {
        throw new HttpError(401, 'Not authenticated');
      },
    },
    options: { openapi: { title: 'Test <orchestrator>', version: '1.0.0' } },
  });

  it('serves a Swagger UI page for /api/openapi.json, loading only files of its own', async () => {
    const res = await request(app).get('/api/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('<title>Test &#60;orchestrator&#62; API</title>');
    const sources = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(sources.length).toBeGreaterThan(0);
    for (const source of sources) {
      expect(source).toMatch(/^\/api\/docs\//); // same origin: works offline
      await request(app).get(source!).expect(200);
    }
    expect(res.text).not.toMatch(/<script>/); // no inline script: a strict script-src CSP allows the page
  });

  it('points Swagger UI at the OpenAPI document, with no outside validator', async () => {
    const res = await request(app).get('/api/docs/init.js').expect(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.text).toContain('"/api/openapi.json"');
    expect(res.text).toContain('validatorUrl: null');
  });

  it('serves the Swagger UI bundle with a cache lifetime, and nothing else of the package', async () => {
    const bundle = await request(app).get('/api/docs/swagger-ui-bundle.js').expect(200);
    expect(bundle.headers['cache-control']).toContain('max-age=86400');
    expect(bundle.text).toContain('SwaggerUIBundle');
    await request(app).get('/api/docs/index.html').expect(404);
    await request(app).get('/api/docs/package.json').expect(404);
  });

  it('is public, while the document it loads needs authentication', async () => {
    await request(app).get('/api/docs').expect(200);
    await request(app).get('/api/openapi.json').expect(401);
  });
});
