// Security with authentication on (static API tokens, WFO_API_TOKENS): every operation of /api/openapi.json but the
// public health check, and the Bull dashboard, refuse callers without a valid token; security headers on every
// answer, with a Content-Security-Policy the dashboard's page satisfies; callback tokens of ≥ 128 random bits,
// URL-safe and single use.
import { constantTimeEqual } from '@wfo/engine';
import { staticTokenAuthentication } from '@wfo/server';
import { operationsOf } from './support/hostile-requests';
import { startInProcessWfo, type InProcessWfo } from './support/in-process-wfo';
import { rawRequest } from './support/raw-request';

const TOKEN = 'security-test-token-0123456789abcdef';
let wfo: InProcessWfo;

beforeAll(async () => {
  wfo = await startInProcessWfo({ authenticate: staticTokenAuthentication(new Map([[TOKEN, 'alice']])) });
}, 90_000);
afterAll(async () => {
  await wfo?.stop();
});

/**
 * The operations that answer without a token, on purpose: the health check (load balancers), and the UI's
 * translations (orchestrator-core serves them before login). Any other public operation fails this test.
 */
const INTENTIONALLY_PUBLIC = ['GET /api/health', 'GET /api/translations/{language}'];

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('authentication on every route', () => {
  it('refuses every operation of the document without a valid token (401), except the public ones', async () => {
    const doc = await (await fetch(`${wfo.url}/api/openapi.json`, { headers: bearer(TOKEN) })).json();
    const operations = operationsOf(doc as Parameters<typeof operationsOf>[0]);
    const publicOnes = Object.entries(
      (doc as { paths: Record<string, Record<string, { security?: unknown[] }>> }).paths,
    )
      .flatMap(([path, ops]) => Object.entries(ops).map(([method, op]) => ({ path, method, op })))
      .filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
      .map(({ method, path }) => `${method.toUpperCase()} ${path}`);
    expect(INTENTIONALLY_PUBLIC).toEqual(expect.arrayContaining(publicOnes));
    for (const op of operations) {
      if (publicOnes.includes(`${op.method} ${op.path}`)) continue;
      const target = op.pathParams.reduce((p, name) => p.replace(`{${name}}`, wfo.known[name]?.[0] ?? 'x'), op.path);
      for (const headers of [{}, bearer('wrong'), bearer(`${TOKEN}x`), { authorization: TOKEN }]) {
        const res = await rawRequest(wfo.url, { method: op.method, target, headers });
        expect({ op: `${op.method} ${op.path}`, status: res.status }).toEqual({
          op: `${op.method} ${op.path}`,
          status: 401,
        });
        expect(res.headers['www-authenticate']).toBe('Bearer');
        expect(JSON.parse(res.text)).toMatchObject({ status: 401, title: 'Unauthorized' });
      }
    }
  });

  it('refuses the Bull dashboard, its API and its files without a valid token', async () => {
    for (const target of ['/dashboard/queues', '/dashboard/queues/api/queues', '/dashboard/queues/static/js/x.js']) {
      expect((await rawRequest(wfo.url, { method: 'GET', target })).status).toBe(401);
      expect((await rawRequest(wfo.url, { method: 'GET', target, headers: bearer('wrong') })).status).toBe(401);
    }
    const ok = await rawRequest(wfo.url, {
      method: 'GET',
      target: '/dashboard/queues/api/queues',
      headers: bearer(TOKEN),
    });
    expect(ok.status).toBe(200);
  });
});

describe('security headers', () => {
  it('are on every answer: JSON, errors, the dashboard', async () => {
    const answers = await Promise.all(
      [
        { target: '/api/health' },
        { target: '/api/processes', headers: bearer(TOKEN) },
        { target: '/api/processes' },
        { target: '/api/nothing', headers: bearer(TOKEN) },
        { target: '/dashboard/queues', headers: bearer(TOKEN) },
      ].map((r) => rawRequest(wfo.url, { method: 'GET', ...r })),
    );
    for (const res of answers) {
      expect(res.headers).toMatchObject({
        'content-security-policy': expect.stringContaining("default-src 'self';script-src 'self';"),
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
        'strict-transport-security': 'max-age=31536000',
      });
      expect(res.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      expect(res.headers['x-powered-by']).toBeUndefined();
    }
  });

  it("lets the dashboard's page run under the policy: no inline script, its files served from itself", async () => {
    const page = await rawRequest(wfo.url, { method: 'GET', target: '/dashboard/queues', headers: bearer(TOKEN) });
    expect(page.status).toBe(200);
    const scripts = [...page.text.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, content] of scripts) {
      // Executable scripts come from files ('self'); the one inline block is JSON data, which CSP does not run.
      if (content!.trim()) expect(attributes).toContain('type="application/json"');
      const src = /src="([^"]+)"/.exec(attributes!)?.[1];
      if (src) {
        expect(src).not.toMatch(/^https?:/);
        const file = await rawRequest(wfo.url, {
          method: 'GET',
          target: `/dashboard/queues/${src}`,
          headers: bearer(TOKEN),
        });
        expect(file.status).toBe(200);
      }
    }
  });
});

describe('callback tokens', () => {
  it('carry at least 128 random bits, URL-safe, and are single use', async () => {
    const token = wfo.ids.callbackToken!;
    expect(token).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(token, 'base64url').length * 8).toBeGreaterThanOrEqual(128);
    const route = `/api/processes/${wfo.ids.awaiting}/callback/${token}`;
    const post = (t: string) =>
      rawRequest(wfo.url, {
        method: 'POST',
        target: t,
        headers: { ...bearer(TOKEN), 'content-type': 'application/json' },
        body: '{"ok":true}',
      });
    // Another first character (the last one of 128 bits in base64url also carries padding bits, so it may not matter).
    const forged = `${token[0] === 'A' ? 'B' : 'A'}${token.slice(1)}`;
    expect((await post(`/api/processes/${wfo.ids.awaiting}/callback/${forged}`)).status).toBe(404);
    expect((await post(route)).status).toBe(200);
    expect((await post(route)).status).toBe(409); // used: the process no longer awaits it
  });

  it('are compared without an early exit (every character, whatever the lengths)', () => {
    expect(constantTimeEqual('abc', 'abc')).toBe(true);
    expect(constantTimeEqual('abc', 'abd')).toBe(false);
    expect(constantTimeEqual('abc', 'abcd')).toBe(false);
    expect(constantTimeEqual('', 'a')).toBe(false);
    expect(constantTimeEqual('a\u0000', 'a')).toBe(false);
  });
});
