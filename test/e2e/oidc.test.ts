// Authentication with an OIDC issuer: bearer JWTs checked against the issuer's JWKS (signature, issuer, audience,
// expiry), next to static API tokens, on every route but health and translations, the websocket and the Bull
// dashboard included. The issuer is a fake served by this test (its discovery document and JWKS): a true
// external boundary.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import WebSocket from 'ws';
import { startWfo, waitFor, type Wfo } from './harness';
import { client } from './http-client';

// jose ships ES modules only (required natively by Node, compiled by jest).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { exportJWK, generateKeyPair, SignJWT } = require('jose') as typeof Jose;
type JWK = Jose.JWK;
type CryptoKey = Jose.CryptoKey;

const AUDIENCE = 'wfo-api';
let issuerServer: Server;
let issuer: string;
const jwks: { keys: JWK[] } = { keys: [] };
let signingKey: CryptoKey;
let wfo: Wfo;

async function addKey(kid: string): Promise<CryptoKey> {
  const { publicKey, privateKey } = await generateKeyPair('RS256');
  jwks.keys.push({ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' });
  return privateKey;
}

async function token(
  claims: Record<string, unknown>,
  opts: { key?: CryptoKey; kid?: string; issuer?: string; audience?: string; expiresIn?: string | number } = {},
): Promise<string> {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: 'RS256', kid: opts.kid ?? 'key-1' })
    .setIssuer(opts.issuer ?? issuer)
    .setAudience(opts.audience ?? AUDIENCE)
    .setSubject(typeof claims.name === 'string' ? claims.name : 'someone')
    .setIssuedAt()
    .setExpirationTime(opts.expiresIn ?? '5m')
    .sign(opts.key ?? signingKey);
}

const bearer = (t: string) => ({ authorization: `Bearer ${t}` });

beforeAll(async () => {
  signingKey = await addKey('key-1');
  issuerServer = createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    if (req.url === '/.well-known/openid-configuration') {
      res.end(JSON.stringify({ issuer, jwks_uri: `${issuer}/jwks` }));
    } else if (req.url === '/jwks') {
      res.end(JSON.stringify(jwks));
    } else {
      res.statusCode = 404;
      res.end('{}');
    }
  });
  await new Promise<void>((resolve) => issuerServer.listen(0, '127.0.0.1', resolve));
  issuer = `http://127.0.0.1:${(issuerServer.address() as AddressInfo).port}`;
  wfo = await startWfo({
    workers: 1,
    app: path.join(__dirname, 'app/ops-app.ts'),
    env: {
      OAUTH2_ACTIVE: 'true',
      OIDC_CONF_URL: `${issuer}/.well-known/openid-configuration`,
      OAUTH2_RESOURCE_SERVER_ID: AUDIENCE,
      WFO_API_TOKENS: 'monitoring-token=prometheus',
    },
  });
}, 60_000);

afterAll(async () => {
  await wfo?.stop();
  await new Promise((resolve) => issuerServer?.close(resolve));
});

const PUBLIC = new Set(['/api/health', '/api/translations/{language}']);

describe('OIDC authentication', () => {
  it('without a token every route but health and translations answers 401: REST, websocket and dashboard', async () => {
    const alice = client(wfo.url, bearer(await token({ name: 'alice' })));
    const doc = (await alice.get('/api/openapi.json')).body;
    const anonymous = client(wfo.url);
    const refusedNot401: string[] = [];
    let checked = 0;
    for (const [route, operations] of Object.entries(doc.paths as Record<string, Record<string, unknown>>)) {
      const url = route.replace(/\{[^}]+\}/g, (p) =>
        p === '{language}' ? 'en-GB' : '00000000-0000-4000-8000-000000000000',
      );
      for (const method of Object.keys(operations)) {
        const res = await anonymous.call(
          method.toUpperCase(),
          url,
          method === 'get' || method === 'delete' ? undefined : {},
        );
        checked += 1;
        const expected = PUBLIC.has(route) ? 200 : 401;
        if (res.status !== expected) refusedNot401.push(`${method.toUpperCase()} ${route}: ${res.status}`);
      }
    }
    expect(refusedNot401).toEqual([]);
    expect(checked).toBeGreaterThan(40);
    expect((await anonymous.get('/dashboard/queues')).status).toBe(401);
    expect((await anonymous.get('/dashboard/queues/api/queues')).status).toBe(401);
    const status = await new Promise<number>((resolve, reject) => {
      const ws = new WebSocket(`${wfo.url.replace('http', 'ws')}/api/ws/events`);
      ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.on('open', () => reject(new Error('opened without a token')));
    });
    expect(status).toBe(401);
  });

  it('accepts a JWT of the issuer: the name claim becomes created_by, the claims reach the authorizer', async () => {
    const alice = client(wfo.url, bearer(await token({ name: 'alice', email: 'alice@example.net' })));
    expect((await alice.get('/api/processes')).status).toBe(200);
    const id = await alice.start('e2e_rbac', [{ marker: path.join(wfo.tmp, 'oidc-rbac') }]);
    const p = await alice.process(id);
    expect(p.created_by).toBe('alice');
    // The workflow's authorizer allows alice and bob only: carol's valid token gets 403.
    const carol = client(wfo.url, bearer(await token({ name: 'carol' })));
    const refused = await carol.post('/api/processes/e2e_rbac', [{ marker: 'x' }]);
    expect(refused.status).toBe(403);
    expect(refused.body.detail).toBe("User is not authorized to start 'e2e_rbac' workflow");
    // Static tokens still work next to OIDC.
    expect((await client(wfo.url, bearer('monitoring-token')).get('/api/metrics')).status).toBe(200);
  });

  it('refuses expired, wrongly signed and foreign tokens (401)', async () => {
    const { privateKey: stranger } = await generateKeyPair('RS256');
    const cases: Array<[string, string]> = [
      ['expired', await token({ name: 'alice' }, { expiresIn: Math.floor(Date.now() / 1000) - 60 })],
      ['signed by another key', await token({ name: 'alice' }, { key: stranger })],
      ['another audience', await token({ name: 'alice' }, { audience: 'someone-else' })],
      ['another issuer', await token({ name: 'alice' }, { issuer: 'https://evil.example' })],
      ['not a token', 'garbage'],
    ];
    for (const [what, t] of cases) {
      const res = await client(wfo.url, bearer(t)).get('/api/processes');
      expect([what, res.status]).toEqual([what, 401]);
    }
    const expired = await client(wfo.url, bearer(cases[0]![1])).get('/api/processes');
    expect(expired.body.detail).toBe('Token expired');
  });

  it('the route policy restricts engine settings to admins (403 otherwise)', async () => {
    const alice = client(wfo.url, bearer(await token({ name: 'alice' })));
    expect((await alice.get('/api/settings/status')).status).toBe(200);
    expect((await alice.put('/api/settings/status', { global_lock: false })).status).toBe(403);
    const admin = client(wfo.url, bearer(await token({ name: 'root', roles: ['admin'] })));
    expect((await admin.put('/api/settings/status', { global_lock: false })).status).toBe(200);
  });

  it('the websocket takes the token as its second subprotocol; a bad token is closed with 1008', async () => {
    const url = `${wfo.url.replace('http', 'ws')}/api/ws/events`;
    const good = new WebSocket(url, ['base64.bearer.token', await token({ name: 'alice' })]);
    const pong = await new Promise<string>((resolve, reject) => {
      good.on('open', () => good.send('__ping__'));
      good.on('message', (data: Buffer) => {
        if (data.toString() === '__pong__') resolve('__pong__');
      });
      good.on('error', reject);
    });
    expect(pong).toBe('__pong__');
    expect(good.protocol).toBe('base64.bearer.token');
    good.close();
    const bad = new WebSocket(url, ['base64.bearer.token', await token({ name: 'alice' }, { audience: 'x' })]);
    const code = await new Promise<number>((resolve) => bad.on('close', (c) => resolve(c)));
    expect(code).toBe(1008);
  });

  it('picks up a key the issuer rotates in, without a restart', async () => {
    const rotated = await addKey('key-2');
    const t = await token({ name: 'alice' }, { key: rotated, kid: 'key-2' });
    // The JWKS is fetched again for an unknown key once its cool-down (10 s) has passed.
    await waitFor(
      'the rotated key to be accepted',
      async () => ((await client(wfo.url, bearer(t)).get('/api/processes')).status === 200 ? true : undefined),
      30_000,
    );
  }, 40_000);
});
