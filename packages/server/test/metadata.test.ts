import type { Express } from 'express';
import request from 'supertest';
import { productBlockRoutes, resourceTypeRoutes, workflowPatchRoutes } from '../src';
import { seedWorkflow } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';

const UNKNOWN = '00000000-0000-4000-8000-000000000000';

describe('metadata: product blocks, resource types, workflow descriptions', () => {
  let t: TestApp;
  let app: Express;
  let blockId: string;
  let resourceTypeId: string;
  let workflowId: string;
  let deletedWorkflowId: string;

  beforeAll(async () => {
    t = await startTestApp();
    app = t.with({ routers: [productBlockRoutes, resourceTypeRoutes, workflowPatchRoutes] });
    const { prisma } = t;
    const speed = await prisma.resourceType.create({ data: { resource_type: 'speed', description: 'Port speed' } });
    const name = await prisma.resourceType.create({ data: { resource_type: 'name' } });
    resourceTypeId = speed.resource_type_id;
    const block = await prisma.productBlock.create({
      data: {
        name: 'Product block 123',
        description: 'Original description of the product block',
        tag: 'tag123',
        status: 'active',
        resourceTypes: {
          create: [{ resource_type_id: speed.resource_type_id }, { resource_type_id: name.resource_type_id }],
        },
      },
    });
    blockId = block.product_block_id;
    workflowId = (await seedWorkflow(prisma, { name: 'workflow123', description: 'Original description' })).workflow_id;
    deletedWorkflowId = (await seedWorkflow(prisma, { name: 'gone', deleted_at: new Date() })).workflow_id;
  });
  afterAll(() => t.close());

  describe('/api/product_blocks/{id}', () => {
    it('gets a product block with its resource types', async () => {
      const res = await request(app).get(`/api/product_blocks/${blockId}`).expect(200);
      expect(res.body).toEqual({
        product_block_id: blockId,
        name: 'Product block 123',
        description: 'Original description of the product block',
        tag: 'tag123',
        status: 'active',
        resource_types: [
          { resource_type: 'name', description: null, resource_type_id: expect.any(String) },
          { resource_type: 'speed', description: 'Port speed', resource_type_id: resourceTypeId },
        ],
        created_at: expect.any(Number),
        end_date: null,
      });
    });

    it('updates the description (201), and nothing for {}', async () => {
      const res = await request(app)
        .patch(`/api/product_blocks/${blockId}`)
        .send({ description: 'BLABLA' })
        .expect(201);
      expect(res.body).toMatchObject({ product_block_id: blockId, description: 'BLABLA', name: 'Product block 123' });
      const unchanged = await request(app).patch(`/api/product_blocks/${blockId}`).send({}).expect(201);
      expect(unchanged.body.description).toBe('BLABLA');
    });

    it('answers 404 unknown, 422 malformed id or body, and writes nothing', async () => {
      const get = await request(app).get(`/api/product_blocks/${UNKNOWN}`).expect(404);
      expect(get.body).toEqual({ detail: `Product_block id ${UNKNOWN} not found`, status: 404, title: 'Not Found' });
      await request(app).patch(`/api/product_blocks/${UNKNOWN}`).send({ description: 'x' }).expect(404);
      await request(app).get('/api/product_blocks/123').expect(422);
      await request(app).patch('/api/product_blocks/123').send({ description: 'x' }).expect(422);
      const before = await t.prisma.productBlock.findUniqueOrThrow({ where: { product_block_id: blockId } });
      for (const body of [{ description: null }, { description: 'x', name: 'y' }, { description: 7 }, 'text']) {
        await request(app).patch(`/api/product_blocks/${blockId}`).send(body).expect(422);
      }
      await request(app).patch(`/api/product_blocks/${blockId}`).expect(422);
      expect(await t.prisma.productBlock.findUniqueOrThrow({ where: { product_block_id: blockId } })).toEqual(before);
    });
  });

  describe('/api/resource_types/{id}', () => {
    it('gets a resource type', async () => {
      const res = await request(app).get(`/api/resource_types/${resourceTypeId}`).expect(200);
      expect(res.body).toEqual({ resource_type: 'speed', description: 'Port speed', resource_type_id: resourceTypeId });
    });

    it('updates the description (201), clears it with null, and changes nothing for {}', async () => {
      const res = await request(app)
        .patch(`/api/resource_types/${resourceTypeId}`)
        .send({ description: 'BLABLA' })
        .expect(201);
      expect(res.body).toEqual({ resource_type: 'speed', description: 'BLABLA', resource_type_id: resourceTypeId });
      const unchanged = await request(app).patch(`/api/resource_types/${resourceTypeId}`).send({}).expect(201);
      expect(unchanged.body.description).toBe('BLABLA');
      const cleared = await request(app)
        .patch(`/api/resource_types/${resourceTypeId}`)
        .send({ description: null })
        .expect(201);
      expect(cleared.body.description).toBeNull();
    });

    it('answers 404 unknown, 422 malformed id or body', async () => {
      const get = await request(app).get(`/api/resource_types/${UNKNOWN}`).expect(404);
      expect(get.body.detail).toBe(`ResourceType id ${UNKNOWN} not found`);
      await request(app).patch(`/api/resource_types/${UNKNOWN}`).send({ description: 'x' }).expect(404);
      await request(app).get('/api/resource_types/speed').expect(422);
      const extra = await request(app)
        .patch(`/api/resource_types/${resourceTypeId}`)
        .send({ resource_type: 'renamed' })
        .expect(422);
      expect(extra.body.detail).toBe('Request body: Unrecognized key: "resource_type"');
      const stored = await t.prisma.resourceType.findUniqueOrThrow({ where: { resource_type_id: resourceTypeId } });
      expect(stored.resource_type).toBe('speed');
    });
  });

  describe('PATCH /api/workflows/{id}', () => {
    it('updates the description and answers 201 with the workflow', async () => {
      const res = await request(app).patch(`/api/workflows/${workflowId}`).send({ description: 'BLABLA' }).expect(201);
      expect(res.body).toEqual({
        name: 'workflow123',
        target: 'CREATE',
        is_task: false,
        description: 'BLABLA',
        created_at: expect.any(Number),
        workflow_id: workflowId,
        steps: null,
      });
      const after = await request(app).get(`/api/workflows/${workflowId}`).expect(200);
      expect(after.body.description).toBe('BLABLA');
      const unchanged = await request(app).patch(`/api/workflows/${workflowId}`).send({}).expect(201);
      expect(unchanged.body.description).toBe('BLABLA');
    });

    it('edits deleted workflows too, which can be fetched', async () => {
      const res = await request(app)
        .patch(`/api/workflows/${deletedWorkflowId}`)
        .send({ description: 'old' })
        .expect(201);
      expect(res.body.description).toBe('old');
    });

    it('answers 404 unknown, 422 malformed id or body', async () => {
      const missing = await request(app).patch(`/api/workflows/${UNKNOWN}`).send({ description: 'x' }).expect(404);
      expect(missing.body.detail).toBe(`Workflow id ${UNKNOWN} not found`);
      await request(app).patch('/api/workflows/workflow123').send({ description: 'x' }).expect(422);
      await request(app).patch(`/api/workflows/${workflowId}`).send({ description: 'x', target: 'MODIFY' }).expect(422);
      await request(app).patch(`/api/workflows/${workflowId}`).send({ description: null }).expect(422);
      const stored = await t.prisma.workflow.findUniqueOrThrow({ where: { workflow_id: workflowId } });
      expect(stored).toMatchObject({ target: 'CREATE', description: 'BLABLA' });
    });

    it('answers 405 with Allow for a method the path does not have', async () => {
      const res = await request(app).put(`/api/workflows/${workflowId}`).send({}).expect(405);
      expect(res.headers.allow).toBe('GET, PATCH');
    });
  });
});
