import type { Express } from 'express';
import request from 'supertest';
import { searchRoutes } from '../src';
import { seedProduct, seedSubscription } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';

let t: TestApp;
let app: Express;
const ids: Record<string, string> = {};

const COLUMNS = [
  'subscription.subscription_id',
  'subscription.description',
  'subscription.status',
  'subscription.insync',
  'subscription.product.name',
  'subscription.product.tag',
  'subscription.customer_name',
  'subscription.customer_abbreviation',
  'subscription.start_date',
  'subscription.end_date',
  'subscription.note',
  'subscription.metadata',
];

async function search(body: object, cursor?: string, status = 200) {
  const url = `/api/search/subscriptions${cursor ? `?cursor=${cursor}` : ''}`;
  return (await request(app).post(url).send(body).expect(status)).body;
}

const descriptions = (body: { data: Array<{ entity_title: string }> }) => body.data.map((d) => d.entity_title);

beforeAll(async () => {
  t = await startTestApp();
  app = t.with({ routers: [searchRoutes] });
  const node = (await seedProduct(t.prisma, { name: 'Node', tag: 'NODE' })).product_id;
  const port = (await seedProduct(t.prisma, { name: 'Port', tag: 'PORT' })).product_id;
  const day = (n: number) => new Date(Date.UTC(2026, 0, n));
  const rows = [
    {
      description: 'ams-r1',
      product_id: node,
      status: 'active',
      insync: true,
      start_date: day(1),
      customer_id: 'acme',
    },
    {
      description: 'ams-r2',
      product_id: node,
      status: 'active',
      insync: false,
      start_date: day(2),
      customer_id: 'acme',
    },
    {
      description: 'lon-r1',
      product_id: node,
      status: 'provisioning',
      insync: true,
      start_date: day(3),
      customer_id: 'globex',
    },
    {
      description: 'ams-r1 port 1',
      product_id: port,
      status: 'active',
      insync: true,
      start_date: day(4),
      customer_id: 'acme',
    },
    {
      description: 'old',
      product_id: port,
      status: 'terminated',
      insync: true,
      start_date: day(5),
      customer_id: 'acme',
    },
    { description: 'new', product_id: port, status: 'initial', insync: true, start_date: null, customer_id: 'acme' },
  ];
  for (const row of rows) ids[row.description] = (await seedSubscription(t.prisma, row)).subscription_id;
  await t.prisma.subscriptionMetadata.create({ data: { subscription_id: ids['ams-r1']!, metadata: { rack: 7 } } });
});
afterAll(() => t.close());

describe('POST /api/search/subscriptions', () => {
  it('answers the list page request: status tab filter, newest first, the twelve columns, total and cursor', async () => {
    const body = await search({
      query: '',
      filters: { bool: { should: [{ term: { 'subscription.status': 'active' } }] } },
      limit: 15,
      order_by: { element: 'subscription.start_date', direction: 'desc' },
      response_columns: COLUMNS,
    });
    expect(descriptions(body)).toEqual(['ams-r1 port 1', 'ams-r2', 'ams-r1']);
    expect(body.data[2]).toEqual({
      entity_id: ids['ams-r1'],
      entity_type: 'SUBSCRIPTION',
      entity_title: 'ams-r1',
      score: 1,
      perfect_match: 0,
      matching_fields: null,
      response_columns: {
        'subscription.subscription_id': ids['ams-r1'],
        'subscription.description': 'ams-r1',
        'subscription.status': 'active',
        'subscription.insync': true,
        'subscription.product.name': 'Node',
        'subscription.product.tag': 'NODE',
        'subscription.customer_name': 'acme',
        'subscription.customer_abbreviation': 'acme',
        'subscription.start_date': '2026-01-01T00:00:00.000Z',
        'subscription.end_date': null,
        'subscription.note': null,
        'subscription.metadata': { rack: 7 },
      },
    });
    expect(body.cursor).toEqual({ total_items: 3, start_cursor: 0, end_cursor: 2 });
    expect(body.page_info).toEqual({ has_next_page: false, next_page_cursor: null });
    expect(body.search_metadata.search_type).toBe('structured');
  });

  it('combines must, should, must_not, range, exists and regexp as Elasticsearch does', async () => {
    const outOfSync = await search({
      filters: {
        bool: {
          must: [
            { term: { 'subscription.insync': false } },
            {
              bool: {
                should: [
                  { term: { 'subscription.status': 'active' } },
                  { term: { 'subscription.status': 'provisioning' } },
                ],
              },
            },
          ],
        },
      },
    });
    expect(descriptions(outOfSync)).toEqual(['ams-r2']);
    const ranged = await search({
      filters: { bool: { must: [{ range: { 'subscription.start_date': { gte: '2026-01-02', lt: '2026-01-04' } } }] } },
    });
    expect(descriptions(ranged)).toEqual(['lon-r1', 'ams-r2']);
    const notAcme = await search({
      filters: { bool: { must_not: { term: { 'subscription.customer_name': 'acme' } } } },
    });
    expect(descriptions(notAcme)).toEqual(['lon-r1']);
    const started = await search({
      filters: { bool: { must_not: { bool: { must_not: { exists: { field: 'subscription.start_date' } } } } } },
    });
    expect(descriptions(started)).not.toContain('new');
    const contains = await search({
      filters: { bool: { must: [{ regexp: { 'subscription.description': { value: '.*R1.*' } } }] } },
    });
    expect(descriptions(contains)).toEqual(['ams-r1 port 1', 'lon-r1', 'ams-r1']);
    const beginsPort = await search({
      filters: { bool: { must: [{ regexp: { 'subscription.product.tag': { value: 'PO.*' } } }] } },
    });
    expect(descriptions(beginsPort)).toEqual(['new', 'old', 'ams-r1 port 1']);
    const shouldOnlyRanks = await search({
      filters: {
        bool: {
          must: { term: { 'subscription.product.name': 'Port' } },
          should: { term: { 'subscription.status': 'active' } },
        },
      },
    });
    expect(descriptions(shouldOnlyRanks)).toHaveLength(3);
  });

  it('pages on with the cursor of the previous answer (keyset), keeping the page size, in any order', async () => {
    for (const direction of ['desc', 'asc']) {
      for (const element of ['subscription.start_date', 'subscription.description', 'subscription.insync']) {
        const all = await search({ limit: 100, order_by: { element, direction } });
        const seen: string[] = [];
        let body = await search({ limit: 2, order_by: { element, direction } });
        seen.push(...descriptions(body));
        while (body.page_info.has_next_page) {
          body = await search({ order_by: { element, direction } }, body.page_info.next_page_cursor);
          expect(body.data.length).toBeLessThanOrEqual(2);
          seen.push(...descriptions(body));
        }
        expect(seen).toEqual(descriptions(all));
        expect(body.cursor).toMatchObject({ total_items: 6, end_cursor: 5 });
      }
    }
  });

  it('matches free text in description, product and customer, and reports the match', async () => {
    const body = await search({ query: 'ams-r1' });
    expect(descriptions(body)).toEqual(['ams-r1 port 1', 'ams-r1']);
    expect(body.data[1]).toMatchObject({
      perfect_match: 1,
      matching_fields: [{ path: 'subscription.description', text: 'ams-r1', highlight_indices: [[0, 6]] }],
    });
    expect(descriptions(await search({ query: 'globex' }))).toEqual(['lon-r1']);
  });

  it('refuses bad paths, values, cursors and shapes with a 4xx saying what is wrong', async () => {
    const unknownPath = await search({ filters: { term: { 'subscription.colour': 'red' } } }, undefined, 400);
    expect(unknownPath.detail).toMatch(/unknown path 'subscription.colour'/);
    const badBool = await search({ filters: { term: { 'subscription.insync': 'maybe' } } }, undefined, 400);
    expect(badBool.detail).toMatch(/'subscription.insync' takes true or false/);
    const badDate = await search({ filters: { range: { 'subscription.start_date': { gt: 'soon' } } } }, undefined, 400);
    expect(badDate.detail).toMatch(/ISO 8601/);
    expect(
      (await search({ order_by: { element: 'subscription.metadata', direction: 'asc' } }, undefined, 400)).detail,
    ).toMatch(/Cannot order by/);
    expect((await search({ response_columns: ['nope'] }, undefined, 400)).detail).toMatch(
      /Unknown response_columns: 'nope'/,
    );
    expect((await search({}, 'garbage', 400)).detail).toMatch(/Invalid cursor/);
    const first = await search({ limit: 1 });
    expect((await search({ query: 'x' }, first.page_info.next_page_cursor, 400)).detail).toMatch(/another search/);
    await search({ filters: { match: { 'subscription.description': 'x' } } }, undefined, 422);
    await search({ filters: { op: 'AND', children: [] } }, undefined, 422);
    await search({ limit: 0 }, undefined, 422);
    await search({ limit: 'ten' }, undefined, 422);
    let deep: object = { term: { 'subscription.status': 'active' } };
    for (let i = 0; i < 30; i++) deep = { bool: { must: [deep] } };
    // The edge refuses a body this deep (over 64 JSON levels) before the search's own limit is reached.
    expect((await search({ filters: deep }, undefined, 422)).detail).toMatch(/nested deeper/);
  });
});

describe('GET /api/search/definitions and /api/search/paths', () => {
  it('describes the operators per kind and completes subscription paths', async () => {
    const definitions = (await request(app).get('/api/search/definitions').expect(200)).body;
    expect(definitions.boolean).toEqual({
      operators: ['eq', 'neq'],
      value_schema: { eq: { kind: 'boolean' }, neq: { kind: 'boolean' } },
    });
    expect(definitions.datetime.operators).toContain('gte');
    const paths = (await request(app).get('/api/search/paths?q=product&entity_type=SUBSCRIPTION').expect(200)).body;
    expect(paths.leaves.map((l: { name: string }) => l.name)).toContain('subscription.product.tag');
    expect(paths.leaves[0]).toMatchObject({ ui_types: ['string'] });
    expect((await request(app).get('/api/search/paths?q=x&entity_type=PROCESS').expect(200)).body).toEqual({
      leaves: [],
      components: [],
    });
  });
});
