import type { Express } from 'express';
import request from 'supertest';
import { customerDescriptionRoutes } from '../src';
import { seedProduct, seedSubscription } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';
const BASE = '/api/subscription_customer_descriptions';

describe('/api/subscription_customer_descriptions', () => {
  let t: TestApp;
  let app: Express;
  let subscriptionId: string;
  let descriptionId: string;
  const CUSTOMER = 'customer-other';

  const stored = () => t.prisma.subscriptionCustomerDescription.findMany({ orderBy: { created_at: 'asc' } });

  beforeAll(async () => {
    t = await startTestApp();
    app = t.with({ routers: [customerDescriptionRoutes] });
  });
  beforeEach(async () => {
    await t.prisma.subscriptionCustomerDescription.deleteMany();
    await t.prisma.subscription.deleteMany();
    const { product_id } = await seedProduct(t.prisma);
    subscriptionId = (await seedSubscription(t.prisma, { product_id })).subscription_id;
    descriptionId = (
      await t.prisma.subscriptionCustomerDescription.create({
        data: { subscription_id: subscriptionId, customer_id: CUSTOMER, description: 'customer other alias' },
      })
    ).id;
  });
  afterAll(() => t.close());

  describe('GET', () => {
    it('gets one by id, 404 unknown, 422 malformed', async () => {
      const res = await request(app).get(`${BASE}/${descriptionId}`).expect(200);
      expect(res.body).toEqual({
        description: 'customer other alias',
        customer_id: CUSTOMER,
        subscription_id: subscriptionId,
        id: descriptionId,
        created_at: expect.any(Number),
        version: 1,
      });
      const missing = await request(app).get(`${BASE}/${UNKNOWN}`).expect(404);
      expect(missing.body.detail).toBe(`Customer description ${UNKNOWN} not found`);
      const malformed = await request(app).get(`${BASE}/abc`).expect(422);
      expect(malformed.body.detail).toBe("Path parameter '_id': Invalid UUID");
    });

    it('gets one by customer and subscription, 404 when the customer has none', async () => {
      const res = await request(app).get(`${BASE}/customer/${CUSTOMER}/subscription/${subscriptionId}`).expect(200);
      expect(res.body.id).toBe(descriptionId);
      const missing = await request(app).get(`${BASE}/customer/someone/subscription/${subscriptionId}`).expect(404);
      expect(missing.body.detail).toBe(`Customer someone has no description of subscription ${subscriptionId}`);
      await request(app).get(`${BASE}/customer/${CUSTOMER}/subscription/nope`).expect(422);
    });
  });

  describe('POST', () => {
    it('creates one (204), with or without the trailing slash', async () => {
      await request(app)
        .post(`${BASE}/`)
        .send({ subscription_id: subscriptionId, customer_id: 'c2', description: 'Customer specific alias' })
        .expect(204);
      await request(app)
        .post(BASE)
        .send({ subscription_id: subscriptionId, customer_id: 'c3', description: 'Another alias' })
        .expect(204);
      const rows = await stored();
      expect(rows.map((r) => [r.customer_id, r.description, r.version])).toEqual([
        [CUSTOMER, 'customer other alias', 1],
        ['c2', 'Customer specific alias', 1],
        ['c3', 'Another alias', 1],
      ]);
    });

    it('answers a second description for the same customer and subscription with 409', async () => {
      const res = await request(app)
        .post(`${BASE}/`)
        .send({ subscription_id: subscriptionId, customer_id: CUSTOMER, description: 'again' })
        .expect(409);
      expect(res.body).toEqual({
        detail: `Customer ${CUSTOMER} already has a description of subscription ${subscriptionId}`,
        status: 409,
        title: 'Conflict',
      });
      expect((await stored()).map((r) => r.description)).toEqual(['customer other alias']);
    });

    it('lets exactly one of two concurrent creates for the same customer and subscription win', async () => {
      const body = { subscription_id: subscriptionId, customer_id: 'racer', description: 'mine' };
      const statuses = await Promise.all([1, 2, 3].map(() => request(app).post(BASE).send(body)));
      expect(statuses.map((r) => r.status).sort()).toEqual([204, 409, 409]);
      expect((await stored()).filter((r) => r.customer_id === 'racer')).toHaveLength(1);
    });

    it('answers an unknown subscription with 404', async () => {
      const res = await request(app)
        .post(`${BASE}/`)
        .send({ subscription_id: UNKNOWN, customer_id: 'c2', description: 'x' })
        .expect(404);
      expect(res.body.detail).toBe(`Subscription ${UNKNOWN} not found`);
    });

    it.each([
      ['no description', { subscription_id: UNKNOWN, customer_id: 'c' }, 'Request body field description: is required'],
      [
        'a malformed subscription id',
        { subscription_id: 'x', customer_id: 'c', description: 'd' },
        'Request body field subscription_id: Invalid UUID',
      ],
      [
        'an empty customer id',
        { subscription_id: UNKNOWN, customer_id: '', description: 'd' },
        'Request body field customer_id: must not be empty',
      ],
      [
        'an unknown key',
        { subscription_id: UNKNOWN, customer_id: 'c', description: 'd', version: 1 },
        'Request body: Unrecognized key: "version"',
      ],
    ])('answers %s with 422 and writes nothing', async (_case, body, detail) => {
      const res = await request(app).post(`${BASE}/`).send(body).expect(422);
      expect(res.body.detail).toBe(detail);
      expect(await stored()).toHaveLength(1);
    });
  });

  describe('PUT', () => {
    const update = (extra: Record<string, unknown>) => ({
      id: descriptionId,
      subscription_id: subscriptionId,
      customer_id: CUSTOMER,
      description: 'Updated specific alias',
      ...extra,
    });

    it('updates without a version; the trigger increments the version', async () => {
      await request(app).put(`${BASE}/`).send(update({})).expect(204);
      const [row] = await stored();
      expect(row).toMatchObject({ description: 'Updated specific alias', version: 2 });
    });

    it('updates with the current version, and sets created_at from epoch seconds or ISO 8601', async () => {
      await request(app)
        .put(BASE)
        .send(update({ version: 1, created_at: 1_700_000_000.5 }))
        .expect(204);
      let [row] = await stored();
      expect(row).toMatchObject({ version: 2, created_at: new Date(1_700_000_000_500) });
      await request(app)
        .put(BASE)
        .send(update({ version: 2, created_at: '2024-05-01T10:00:00+02:00' }))
        .expect(204);
      [row] = await stored();
      expect(row).toMatchObject({ version: 3, created_at: new Date('2024-05-01T08:00:00Z') });
    });

    it.each([
      [0, 'Stale data: given version (0) does not match the current version (1)'],
      [10, 'Stale data: given version (10) does not match the current version (1)'],
    ])('answers version %d with 400 Stale data and writes nothing', async (version, detail) => {
      const res = await request(app).put(`${BASE}/`).send(update({ version })).expect(400);
      expect(res.body).toEqual({ detail, status: 400, title: 'Bad Request' });
      const [row] = await stored();
      expect(row).toMatchObject({ description: 'customer other alias', version: 1 });
    });

    it('answers a second writer holding the old version with 400', async () => {
      await request(app)
        .put(`${BASE}/`)
        .send(update({ version: 1, description: 'first' }))
        .expect(204);
      const res = await request(app)
        .put(`${BASE}/`)
        .send(update({ version: 1, description: 'second' }))
        .expect(400);
      expect(res.body.detail).toBe('Stale data: given version (1) does not match the current version (2)');
      expect((await stored())[0]!.description).toBe('first');
    });

    it('answers 404 when the customer has no description of the subscription', async () => {
      const res = await request(app)
        .put(`${BASE}/`)
        .send(update({ customer_id: 'someone' }))
        .expect(404);
      expect(res.body.detail).toBe(`Customer someone has no description of subscription ${subscriptionId}`);
    });

    it('answers 400 when the id is not the description found', async () => {
      const res = await request(app)
        .put(`${BASE}/`)
        .send(update({ id: UNKNOWN }))
        .expect(400);
      expect(res.body.detail).toBe(
        `Customer description ${UNKNOWN} is not the description of customer ${CUSTOMER} for subscription ` +
          `${subscriptionId} (that is ${descriptionId})`,
      );
    });

    it.each([
      ['no id', { id: undefined }, 'Request body field id: is required'],
      [
        'a fractional version',
        { version: 1.5 },
        'Request body field version: Invalid input: expected int, received number',
      ],
      [
        'a malformed created_at',
        { created_at: 'yesterday' },
        'Request body field created_at: not an ISO 8601 date or epoch seconds',
      ],
      ['an unknown key', { note: 'x' }, 'Request body: Unrecognized key: "note"'],
    ])('answers %s with 422 and writes nothing', async (_case, extra, detail) => {
      const res = await request(app).put(`${BASE}/`).send(update(extra)).expect(422);
      expect(res.body.detail).toBe(detail);
      expect((await stored())[0]).toMatchObject({ description: 'customer other alias', version: 1 });
    });
  });

  describe('DELETE', () => {
    it('deletes one (204); an unknown id answers 204 too; a malformed one 422', async () => {
      await request(app).delete(`${BASE}/${descriptionId}`).expect(204);
      expect(await stored()).toHaveLength(0);
      await request(app).delete(`${BASE}/${descriptionId}`).expect(204);
      await request(app).delete(`${BASE}/abc`).expect(422);
    });
  });
});
