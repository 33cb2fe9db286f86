// fast-check arbitraries of hostile requests for one operation of the OpenAPI document: path parameters that are
// bad UUIDs, injections, bad percent-encodings or ids that exist; odd query strings; malformed, mistyped, deep,
// oversized and NUL-laden bodies under any content type. Built from the document, so a new route gets them too.
import fc from 'fast-check';
import type { RawRequest } from './raw-request';

export interface Operation {
  readonly method: string;
  /** OpenAPI path, `/api/processes/{process_id}`. */
  readonly path: string;
  readonly pathParams: readonly string[];
  readonly queryParams: readonly string[];
  readonly hasBody: boolean;
  /** The statuses the document says the operation answers. */
  readonly documented: readonly number[];
}

/** Every operation of an OpenAPI document. */
export function operationsOf(doc: { paths: Record<string, Record<string, unknown>> }): Operation[] {
  const operations: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const parameters = ((op as { parameters?: Array<{ in: string; name: string }> }).parameters ?? []).filter(
        (p) => p.in === 'path' || p.in === 'query',
      );
      operations.push({
        method: method.toUpperCase(),
        path,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => p.name),
        hasBody: (op as { requestBody?: unknown }).requestBody !== undefined,
        documented: Object.keys((op as { responses?: object }).responses ?? {}).map(Number),
      });
    }
  }
  return operations;
}

/** Path segments as sent on the wire: already percent-encoded, or deliberately badly. */
const HOSTILE_SEGMENTS = [
  'not-a-uuid',
  '1',
  '-1',
  '0x7fffffff',
  '00000000-0000-0000-0000-00000000000g',
  '00000000-0000-0000-0000-000000000000',
  '%27%20OR%201%3D1--',
  '1%27%3B%20DROP%20TABLE%20processes%3B--',
  '%00',
  'a%00b',
  '%ZZ',
  '%',
  '%E0%A4%A',
  '%C0%AE%C0%AE',
  '%F0%9F%92%A9',
  '..%2F..%2Fetc%2Fpasswd',
  '%2e%2e',
  '__proto__',
  'constructor',
  'null',
  'undefined',
  '%7B%7B7*7%7D%7D',
  '%3Cscript%3Ealert(1)%3C%2Fscript%3E',
  'x'.repeat(300),
  'x'.repeat(5000),
];

const HOSTILE_QUERIES = [
  'range=10,5',
  'range=-1,5',
  'range=a,b',
  'range=0,99999999999999999999',
  'range=0',
  'range=',
  'range[]=1',
  'range=1,2&range=3,4',
  'sort=nope,asc',
  'sort=lastStatus,sideways',
  'sort=lastStatus,asc,extra',
  'sort=,',
  'sort=__proto__,asc',
  'filter=lastStatus,%27%3B%20DROP%20TABLE%20processes%3B--',
  'filter=lastStatus%27%20OR%201%3D1--,x',
  'filter=lastStatus',
  'filter=,,,,',
  'filter=lastStatus,failed||||',
  'filter=startedAt,2020-13-45',
  'filter=startedAt,%3E%3E%3E',
  'filter[a]=b',
  'filter=tag,%00',
  '%00=%00',
  'reporter=%00',
  `reporter=${'x'.repeat(5000)}`,
  'tag=%E0%A4%A',
  'filter_owner_relations=maybe',
  '__proto__[polluted]=1',
  'constructor[prototype][polluted]=1',
  'a=%ZZ',
  `${'q'.repeat(3000)}=1`,
];

function nested(depth: number, open: string, close: string, leaf: string): string {
  return open.repeat(depth) + leaf + close.repeat(depth);
}

/** Bodies as text, each wrong in its own way. */
const HOSTILE_BODIES = [
  '{',
  '{"a":',
  '[1,2',
  '{"a":1}}',
  'nul',
  "{'single': 'quotes'}",
  '{"a":NaN}',
  '{"a":1e99999}',
  '"just a string"',
  '42',
  'true',
  'null',
  '[]',
  '{}',
  '[{}]',
  '[[[]]]',
  '{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"zzz":1}',
  '[{"__proto__":{"polluted":true}}]',
  '{"note":"a\\u0000b"}',
  '[{"name":"a\\u0000b","count":1}]',
  '{"global_lock":"yes"}',
  '{"global_lock":1}',
  '{"description":12}',
  '{"description":"a\\u0000"}',
  '{"customer_id":["x"],"subscription_id":{},"description":null}',
  '{"ok":"\\ud800"}',
  nested(5000, '[', ']', ''),
  nested(5000, '{"a":', '}', '1'),
  `[${nested(2000, '{"a":', '}', '"\\u0000"')}]`,
  `{"big":"${'x'.repeat(1_200_000)}"}`,
  `[${'1,'.repeat(200_000)}1]`,
];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'application/json; charset=latin1',
  'application/json; charset=utf-16',
  'application/merge-patch+json',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=xyz',
  'application/xml',
  'application/octet-stream',
  '',
];

/**
 * A path value: hostile, a well-formed id that does not exist, or one that exists (the known values of a parameter
 * of this name, so the handler runs past its lookups and meets the hostile body).
 */
function pathValue(name: string, known: Readonly<Record<string, readonly string[]>>): fc.Arbitrary<string> {
  const existing = known[name]?.length ? known[name] : Object.values(known).flat();
  return fc.oneof(
    { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_SEGMENTS) },
    { weight: 1, arbitrary: fc.uuid() },
    { weight: 1, arbitrary: fc.string({ maxLength: 40 }).map((s) => encodeURIComponent(s) || 'x') },
    { weight: 4, arbitrary: fc.constantFrom(...existing) },
  );
}

function query(op: Operation): fc.Arbitrary<string> {
  const documented =
    op.queryParams.length === 0
      ? fc.constant('')
      : fc
          .tuple(fc.constantFrom(...op.queryParams), fc.string({ maxLength: 60 }))
          .map(([name, value]) => `${name}=${encodeURIComponent(value)}`);
  return fc
    .array(
      fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...HOSTILE_QUERIES) }, { weight: 1, arbitrary: documented }),
      {
        maxLength: 3,
      },
    )
    .map((parts) => parts.filter(Boolean).join('&'));
}

function body(): fc.Arbitrary<{ text: string; contentType: string; gzip: boolean }> {
  const text = fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE_BODIES) },
    { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200, unit: 'binary' }) },
  );
  return fc.record({
    text,
    contentType: fc.oneof(
      { weight: 3, arbitrary: fc.constant('application/json') },
      { weight: 2, arbitrary: fc.constantFrom(...CONTENT_TYPES) },
    ),
    // A body that claims to be compressed, and is not.
    gzip: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  });
}

/** Hostile requests for one operation; `known` values of its path parameters are often used (see `pathValue`). */
export function hostileRequests(
  op: Operation,
  known: Readonly<Record<string, readonly string[]>>,
): fc.Arbitrary<RawRequest> {
  return fc
    .record({
      params: fc.tuple(...op.pathParams.map((name) => pathValue(name, known))),
      query: query(op),
      body: op.hasBody || op.method !== 'GET' ? fc.option(body(), { freq: op.hasBody ? 10 : 3 }) : fc.constant(null),
    })
    .map(({ params, query: q, body: b }) => {
      let path = op.path;
      op.pathParams.forEach((name, i) => {
        path = path.replace(`{${name}}`, params[i]!);
      });
      const headers: Record<string, string> = {};
      if (b?.contentType) headers['content-type'] = b.contentType;
      if (b?.gzip) headers['content-encoding'] = 'gzip';
      return { method: op.method, target: q ? `${path}?${q}` : path, headers, body: b?.text };
    });
}
