import type { Express } from 'express';
import request from 'supertest';
import { subscriptionListRoutes } from '../src';
import { seedProduct, seedSubscription } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';

const T0 = Date.parse('2020-01-14T09:30:00Z');
const hour = (n: number) => new Date(T0 + n * 3_600_000);

describe('GET /api/subscriptions', () => {
  let t: TestApp;
  let app: Express;
  const ids: Record<string, string> = {};
  let node: { product_id: string; name: string };
  let port: { product_id: string; name: string };

  beforeAll(async () => {
    t = await startTestApp();
    app = t.with({ routers: [subscriptionListRoutes] });
    const { prisma } = t;
    node = await seedProduct(prisma, { name: 'Node Product', tag: 'NODE', product_type: 'Node' });
    port = await seedProduct(prisma, { name: 'Port Product', tag: 'PORT', product_type: 'Port' });
    const seed = async (name: string, data: Parameters<typeof seedSubscription>[1]) => {
      ids[name] = (await seedSubscription(prisma, { description: `Subscription ${name}`, ...data })).subscription_id;
    };
    await seed('A', { product_id: node.product_id, customer_id: 'cust-a', start_date: hour(0) });
    await seed('B', {
      product_id: node.product_id,
      customer_id: 'cust-b',
      status: 'terminated',
      start_date: hour(1),
      end_date: hour(5),
      note: 'old one',
    });
    await seed('C', {
      product_id: port.product_id,
      customer_id: 'cust-a',
      description: 'Port 10G Amsterdam',
      insync: false,
      start_date: hour(2),
    });
    // An initial subscription has no start date yet.
    await seed('D', { product_id: port.product_id, customer_id: 'cust-c', status: 'initial', insync: false });
    await seed('E', {
      product_id: node.product_id,
      customer_id: 'cust-b',
      status: 'provisioning',
      start_date: hour(3),
    });
    // The trigger increments the version on every update: E ends at version 3.
    await prisma.$executeRaw`UPDATE subscriptions SET note = 'first' WHERE subscription_id = ${ids.E}::uuid`;
    await prisma.$executeRaw`UPDATE subscriptions SET note = 'second' WHERE subscription_id = ${ids.E}::uuid`;
    await prisma.subscriptionCustomerDescription.create({
      data: { subscription_id: ids.A!, customer_id: 'cust-x', description: 'Their name for A' },
    });
    await prisma.subscriptionMetadata.create({ data: { subscription_id: ids.A!, metadata: { vlan: 42 } } });
  });
  afterAll(() => t.close());

  const names = (body: { subscription_id: string }[]) =>
    body.map((s) => Object.entries(ids).find(([, id]) => id === s.subscription_id)?.[0]).join('');
  const list = async (query: string) => names((await request(app).get(`/api/subscriptions?${query}`).expect(200)).body);

  describe('without range', () => {
    it('lists every subscription, newest start first with initial ones ahead, without Content-Range', async () => {
      const res = await request(app).get('/api/subscriptions').expect(200);
      expect(names(res.body)).toBe('DECBA');
      expect(res.headers['content-range']).toBeUndefined();
      expect(names((await request(app).get('/api/subscriptions/').expect(200)).body)).toBe('DECBA');
    });

    it("answers orchestrator-core's subscription schema with product, customer descriptions and metadata", async () => {
      const res = await request(app).get(`/api/subscriptions?filter=subscriptionId,${ids.A}`).expect(200);
      expect(res.body).toHaveLength(1);
      const [a] = res.body;
      expect(Object.keys(a)).toEqual([
        'subscription_id',
        'start_date',
        'description',
        'status',
        'product_id',
        'customer_id',
        'insync',
        'note',
        'name',
        'end_date',
        'product',
        'customer_descriptions',
        'tag',
        'version',
        'metadata',
      ]);
      expect(a).toMatchObject({
        subscription_id: ids.A,
        start_date: hour(0).getTime() / 1000,
        description: 'Subscription A',
        status: 'active',
        product_id: node.product_id,
        customer_id: 'cust-a',
        insync: true,
        note: null,
        name: null,
        end_date: null,
        tag: null,
        version: 1,
        metadata: { vlan: 42 },
        product: {
          product_id: node.product_id,
          name: 'Node Product',
          description: 'Node Product description',
          product_type: 'Node',
          status: 'active',
          tag: 'NODE',
          end_date: null,
        },
      });
      expect(typeof a.product.created_at).toBe('number');
      expect(a.customer_descriptions).toEqual([
        {
          description: 'Their name for A',
          customer_id: 'cust-x',
          subscription_id: ids.A,
          id: expect.any(String),
          created_at: expect.any(Number),
          version: 1,
        },
      ]);
      const [d] = (await request(app).get(`/api/subscriptions?filter=subscriptionId,${ids.D}`).expect(200)).body;
      expect(d).toMatchObject({ start_date: null, customer_descriptions: [], metadata: null });
    });
  });

  describe('range', () => {
    it('pages with an exclusive end and a Content-Range total', async () => {
      const first = await request(app).get('/api/subscriptions?range=0,2').expect(200);
      expect(names(first.body)).toBe('DE');
      expect(first.headers['content-range']).toBe('subscriptions 0-2/5');
      expect(first.headers['x-total-estimated']).toBeUndefined();
      expect(await list('range=2,4')).toBe('CB');
      const beyond = await request(app).get('/api/subscriptions?range=4,100').expect(200);
      expect(names(beyond.body)).toBe('A');
      expect(beyond.headers['content-range']).toBe('subscriptions 4-100/5');
    });

    it('counts only the filtered subscriptions', async () => {
      const res = await request(app).get('/api/subscriptions?range=0,1&filter=customerId,cust-a').expect(200);
      expect(res.headers['content-range']).toBe('subscriptions 0-1/2');
    });

    it('estimates totals above the exact-count limit, and says so', async () => {
      const capped = t.with({ routers: [subscriptionListRoutes], options: { exactCountLimit: 2 } });
      const res = await request(capped).get('/api/subscriptions?range=0,2').expect(200);
      expect(res.headers['x-total-estimated']).toBe('true');
      expect(Number(res.headers['content-range']!.split('/')[1])).toBeGreaterThanOrEqual(3);
      const small = await request(capped).get('/api/subscriptions?range=0,2&filter=product,Port Product').expect(200);
      expect(small.headers['content-range']).toBe('subscriptions 0-2/2');
      expect(small.headers['x-total-estimated']).toBeUndefined();
    });

    it.each([
      ['5,5', 'range start must be lower than end'],
      ['-1,5', 'range start must not be negative'],
      ['a,b', "Invalid range: expected two integers 'start,end' (end exclusive)"],
    ])('answers range=%s with 400', async (range, detail) => {
      const res = await request(app).get(`/api/subscriptions?range=${range}`).expect(400);
      expect(res.body).toEqual({ detail, status: 400, title: 'Bad Request' });
    });
  });

  describe('sort', () => {
    it.each([
      // Ascending, Postgres puts the initial subscription's NULL start date last.
      ['startDate,asc', 'ABCED'],
      ['start_date,desc', 'DECBA'],
      ['startDate', 'DECBA'],
      ['description,asc', 'CABDE'],
      ['productName,asc,startDate,asc', 'ABECD'],
      ['product,desc,startDate,asc', 'CDABE'],
      ['tag,desc,startDate,desc', 'DCEBA'],
      ['productType,asc,startDate,desc', 'EBADC'],
      ['status,asc,startDate,asc', 'ACDEB'],
      ['customerId,desc,startDate,desc', 'DEBCA'],
      ['insync,asc,startDate,desc', 'DCEBA'],
      ['version,desc,startDate,asc', 'EABCD'],
      ['endDate,asc,startDate,desc', 'BDECA'],
    ])('sort=%s', async (sort, expected) => {
      expect(await list(`sort=${sort}`)).toBe(expected);
    });

    it('answers unknown fields and directions with 400, naming the valid fields', async () => {
      const unknown = await request(app).get('/api/subscriptions?sort=colour,asc').expect(400);
      expect(unknown.body.detail).toMatch(
        /^Invalid sort arguments: unknown field 'colour'; valid fields: customerId, /,
      );
      const direction = await request(app).get('/api/subscriptions?sort=status,up').expect(400);
      expect(direction.body.detail).toBe("Invalid sort arguments: the direction of 'status' must be asc or desc");
    });
  });

  describe('filter', () => {
    it.each([
      ['status,active', 'CA'],
      ['status,ACTIVE|initial', 'DCA'],
      ['status,!terminated', 'DECA'],
      ['customerId,cust-a', 'CA'],
      ['customer_id,cust-a|cust-c', 'DCA'],
      ['customerId,cust-%25', 'DECBA'],
      ['customerId,CUST-A', ''],
      ['product,Port Product', 'DC'],
      ['product,port%25', 'DC'],
      ['tag,node', 'EBA'],
      ['productType,Port', 'DC'],
      ['type,Node', 'EBA'],
      ['insync,false', 'DC'],
      ['insync,!true', 'DC'],
      ['startDate,>=2020-01-14T11:30:00Z', 'EC'],
      ['startDate,<2020-01-14T10:30:00', 'A'],
      ['startDate,2020-01-14%25', 'ECBA'],
      ['endDate,>2020-01-01', 'B'],
      ['description,%2510g%25', 'C'],
      ['description,subscription a', 'A'],
      ['note,old%25', 'B'],
      ['note,!second', 'DCBA'],
      ['version,>1', 'E'],
      ['version,1', 'DCBA'],
      ['version,<=1|3', 'DECBA'],
      ['status,active,customerId,cust-a,insync,true', 'A'],
    ])('filter=%s', async (filter, expected) => {
      expect(await list(`filter=${filter}`)).toBe(expected);
    });

    it('filters by subscription and product id, whole or in part', async () => {
      expect(await list(`filter=subscriptionId,${ids.C}`)).toBe('C');
      expect(await list(`filter=subscriptionId,${ids.C!.toUpperCase()}|${ids.A}`)).toBe('CA');
      expect(await list(`filter=productId,${port.product_id}`)).toBe('DC');
      expect(await list(`filter=subscriptionId,${ids.B!.slice(0, 8)}%25`)).toBe('B');
    });

    it.each([
      ['status', 'Invalid number of filter arguments'],
      ['status,active,insync', 'Invalid number of filter arguments'],
      ['insync,maybe', "Invalid filter value for 'insync': use true or false"],
      ['version,new', "Invalid filter value for 'version': not an integer"],
      ['startDate,>yesterday', "Invalid filter value for 'startDate': not an ISO 8601 date or epoch seconds"],
    ])('answers filter=%s with 400', async (filter, detail) => {
      const res = await request(app).get(`/api/subscriptions?filter=${filter}`).expect(400);
      expect(res.body).toEqual({ detail, status: 400, title: 'Bad Request' });
    });

    it('answers unknown fields with 400, listing the valid ones', async () => {
      const res = await request(app).get('/api/subscriptions?filter=colour,red').expect(400);
      expect(res.body.detail).toBe(
        "Invalid filter arguments: unknown field 'colour'; valid fields: customerId, description, endDate, insync, " +
          'note, product, productId, productType, startDate, status, subscriptionId, tag, type, version',
      );
    });
  });

  it('answers a repeated query parameter with 422', async () => {
    await request(app).get('/api/subscriptions?range=0,1&range=1,2').expect(422);
  });
});
