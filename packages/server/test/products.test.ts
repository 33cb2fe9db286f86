import type { Express } from 'express';
import request from 'supertest';
import { productRoutes } from '../src';
import { seedProduct, seedSubscription, seedWorkflow } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('/api/products', () => {
  let t: TestApp;
  let app: Express;
  let lightPath: string;
  let port: string;
  let bare: string;
  let blockId: string;

  beforeAll(async () => {
    t = await startTestApp();
    app = t.with({ routers: [productRoutes] });
    const { prisma } = t;
    const resourceType = await prisma.resourceType.create({
      data: { resource_type: 'ims_circuit_id', description: 'IMS circuit Id' },
    });
    const block = await prisma.productBlock.create({
      data: {
        name: 'Ethernet',
        description: 'd',
        status: 'active',
        resourceTypes: { create: [{ resource_type_id: resourceType.resource_type_id }] },
      },
    });
    blockId = block.product_block_id;
    const create = await seedWorkflow(prisma, { name: 'create_light_path', target: 'CREATE' });
    const note = await seedWorkflow(prisma, { name: 'modify_note', target: 'MODIFY' });
    const gone = await seedWorkflow(prisma, { name: 'old_workflow', target: 'MODIFY', deleted_at: new Date() });
    lightPath = (await seedProduct(prisma, { name: 'LightPath', product_type: 'LightPath', tag: 'LightPath' }))
      .product_id;
    port = (await seedProduct(prisma, { name: 'MSP', product_type: 'Port', tag: 'Port' })).product_id;
    bare = (await seedProduct(prisma, { name: 'P', product_type: 'Port', tag: 'P' })).product_id;
    for (const product_id of [lightPath, port]) {
      await prisma.productProductBlock.create({ data: { product_id, product_block_id: blockId } });
      await prisma.productWorkflow.create({ data: { product_id, workflow_id: note.workflow_id } });
    }
    await prisma.productWorkflow.create({ data: { product_id: lightPath, workflow_id: create.workflow_id } });
    await prisma.productWorkflow.create({ data: { product_id: lightPath, workflow_id: gone.workflow_id } });
    await prisma.fixedInput.createMany({
      data: [
        { product_id: lightPath, name: 'service_speed', value: '1000' },
        { product_id: lightPath, name: 'protection_type', value: 'Protected' },
        { product_id: port, name: 'port_speed', value: '1000' },
      ],
    });
    await seedSubscription(prisma, { product_id: lightPath, status: 'active' });
    await seedSubscription(prisma, { product_id: port, status: 'terminated' });
  });
  afterAll(() => t.close());

  describe('GET /api/products', () => {
    it('lists every product with blocks, resource types, fixed inputs and workflows, by name', async () => {
      const res = await request(app).get('/api/products/').expect(200);
      expect(res.body.map((p: { name: string }) => p.name)).toEqual(['LightPath', 'MSP', 'P']);
      const [lp] = res.body;
      expect(Object.keys(lp)).toEqual([
        'product_id',
        'name',
        'description',
        'product_type',
        'status',
        'tag',
        'created_at',
        'end_date',
        'product_blocks',
        'fixed_inputs',
        'workflows',
      ]);
      expect(lp).toMatchObject({
        product_id: lightPath,
        description: 'LightPath description',
        product_type: 'LightPath',
        status: 'active',
        tag: 'LightPath',
        end_date: null,
      });
      expect(typeof lp.created_at).toBe('number');
      expect(lp.product_blocks).toEqual([
        {
          product_block_id: blockId,
          name: 'Ethernet',
          description: 'd',
          tag: null,
          status: 'active',
          resource_types: [
            { resource_type: 'ims_circuit_id', description: 'IMS circuit Id', resource_type_id: expect.any(String) },
          ],
          created_at: expect.any(Number),
          end_date: null,
        },
      ]);
      expect(lp.fixed_inputs.map((f: { name: string; value: string }) => [f.name, f.value])).toEqual([
        ['protection_type', 'Protected'],
        ['service_speed', '1000'],
      ]);
      expect(lp.fixed_inputs[0]).toEqual({
        fixed_input_id: expect.any(String),
        name: 'protection_type',
        value: 'Protected',
        product_id: lightPath,
        created_at: expect.any(Number),
      });
      // The deleted workflow is not listed; steps are null for workflows this app does not register.
      expect(lp.workflows).toEqual([
        {
          name: 'create_light_path',
          target: 'CREATE',
          is_task: false,
          description: 'create_light_path description',
          created_at: expect.any(Number),
          workflow_id: expect.any(String),
          steps: null,
        },
        expect.objectContaining({ name: 'modify_note', target: 'MODIFY' }),
      ]);
      const [, , p] = res.body;
      expect(p).toMatchObject({ product_blocks: [], fixed_inputs: [], workflows: [] });
    });

    it('filters by exact tag and product type, with or without the trailing slash', async () => {
      const names = async (query: string) =>
        (await request(app).get(`/api/products${query}`).expect(200)).body.map((p: { name: string }) => p.name);
      expect(await names('?tag=LightPath&product_type=LightPath')).toEqual(['LightPath']);
      expect(await names('/?product_type=Port')).toEqual(['MSP', 'P']);
      expect(await names('?tag=Nope')).toEqual([]);
      expect(await names('?tag=lightpath')).toEqual([]);
      expect(await names('?tag=')).toEqual(['LightPath', 'MSP', 'P']);
      await request(app).get('/api/products?tag=a&tag=b').expect(422);
    });
  });

  describe('GET /api/products/{id}', () => {
    it('answers the product, 404 unknown, 422 malformed', async () => {
      const res = await request(app).get(`/api/products/${lightPath}`).expect(200);
      expect(res.body.name).toBe('LightPath');
      expect(res.body.fixed_inputs.find((f: { name: string }) => f.name === 'service_speed').value).toBe('1000');
      expect(res.body.product_blocks[0].name).toBe('Ethernet');
      const missing = await request(app).get(`/api/products/${UNKNOWN}`).expect(404);
      expect(missing.body).toEqual({ detail: `Product id ${UNKNOWN} not found`, status: 404, title: 'Not Found' });
      const malformed = await request(app).get('/api/products/LightPath').expect(422);
      expect(malformed.body.detail).toBe("Path parameter 'product_id': Invalid UUID");
    });
  });

  describe('PATCH /api/products/{id}', () => {
    const description = async (id: string) =>
      (await t.prisma.product.findUniqueOrThrow({ where: { product_id: id } })).description;

    it('updates the description and answers 201 with the product', async () => {
      const res = await request(app).patch(`/api/products/${bare}`).send({ description: 'BLABLA' }).expect(201);
      expect(res.body).toMatchObject({ product_id: bare, description: 'BLABLA', status: 'active' });
      expect(await description(bare)).toBe('BLABLA');
    });

    it('changes nothing for an empty body', async () => {
      const before = await description(bare);
      const res = await request(app).patch(`/api/products/${bare}`).send({}).expect(201);
      expect(res.body.description).toBe(before);
    });

    it('updates the status, and both at once', async () => {
      const phaseOut = await request(app).patch(`/api/products/${bare}`).send({ status: 'phase out' }).expect(201);
      expect(phaseOut.body.status).toBe('phase out');
      const both = await request(app)
        .patch(`/api/products/${bare}`)
        .send({ description: 'Updated', status: 'pre production' })
        .expect(201);
      expect(both.body).toMatchObject({ description: 'Updated', status: 'pre production' });
    });

    it('refuses end of life while a subscription is not terminated, and writes nothing', async () => {
      const res = await request(app)
        .patch(`/api/products/${lightPath}`)
        .send({ description: 'Retired', status: 'end of life' })
        .expect(400);
      expect(res.body).toEqual({
        detail: "Cannot set product to 'end of life': 1 subscription(s) are not in terminated state",
        status: 400,
        title: 'Bad Request',
      });
      const stored = await t.prisma.product.findUniqueOrThrow({ where: { product_id: lightPath } });
      expect(stored).toMatchObject({ status: 'active', description: 'LightPath description' });
    });

    it('allows end of life once every subscription is terminated (or there are none)', async () => {
      const res = await request(app).patch(`/api/products/${port}`).send({ status: 'end of life' }).expect(201);
      expect(res.body.status).toBe('end of life');
      await request(app).patch(`/api/products/${bare}`).send({ status: 'end of life' }).expect(201);
    });

    it('waits for a subscription being created for the product, then refuses end of life', async () => {
      const { product_id } = await seedProduct(t.prisma, { name: 'Racing' });
      let created!: () => void;
      let commit!: () => void;
      const inserted = new Promise<void>((resolve) => (created = resolve));
      const gate = new Promise<void>((resolve) => (commit = resolve));
      // The insert's foreign key check holds a lock on the product row until the transaction ends.
      const creating = t.prisma.$transaction(async (tx) => {
        await tx.subscription.create({
          data: { product_id, description: 'new', status: 'initial', customer_id: 'c', insync: false },
        });
        created();
        await gate;
      });
      await inserted;
      const patching = request(app)
        .patch(`/api/products/${product_id}`)
        .send({ status: 'end of life' })
        .then((r) => r);
      await new Promise((resolve) => setTimeout(resolve, 200));
      commit();
      await creating;
      const res = await patching;
      expect(res.status).toBe(400);
      expect(res.body.detail).toBe(
        "Cannot set product to 'end of life': 1 subscription(s) are not in terminated state",
      );
    });

    it('answers 404 for an unknown product and 422 for a malformed id', async () => {
      const missing = await request(app).patch(`/api/products/${UNKNOWN}`).send({ description: 'x' }).expect(404);
      expect(missing.body.detail).toBe(`Product id ${UNKNOWN} not found`);
      await request(app).patch('/api/products/nope').send({ description: 'x' }).expect(422);
    });

    it.each([
      [
        'an unknown status',
        { status: 'invalid_status' },
        /^Request body field status: Invalid option: expected one of /,
      ],
      [
        'a null description',
        { description: null },
        /^Request body field description: Invalid input: expected string, received null$/,
      ],
      [
        'a description over 2000 characters',
        { description: 'x'.repeat(2001) },
        /^Request body field description: Too big: expected string to have <=2000/,
      ],
      ['an unknown key', { description: 'x', colour: 'red' }, /^Request body: Unrecognized key: "colour"$/],
      ['an array', ['description'], /^Request body: Invalid input: expected object, received array$/],
    ])('answers %s with 422 and writes nothing', async (_case, body, detail) => {
      const before = await t.prisma.product.findUniqueOrThrow({ where: { product_id: lightPath } });
      const res = await request(app).patch(`/api/products/${lightPath}`).send(body).expect(422);
      expect(res.body.detail).toMatch(detail);
      expect(await t.prisma.product.findUniqueOrThrow({ where: { product_id: lightPath } })).toEqual(before);
    });

    it('answers a missing or unparsable body with 422', async () => {
      await request(app).patch(`/api/products/${lightPath}`).expect(422);
      await request(app)
        .patch(`/api/products/${lightPath}`)
        .set('Content-Type', 'application/json')
        .send('{"description": ')
        .expect(422);
    });
  });
});
