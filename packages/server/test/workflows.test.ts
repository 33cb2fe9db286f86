import { done, init, step, steps, task, workflow, type Workflow } from '@wfo/engine';
import request from 'supertest';
import { seedProduct, seedWorkflow } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';

const createNode = workflow(
  { key: 'create_node', target: 'CREATE' },
  steps(
    init,
    step('Create', () => ({})),
    done,
  ),
);
const cleanup = task({ key: 'task_clean_up' }, steps(step('Clean', () => ({}))));
const registry = new Map<string, Workflow>([createNode, cleanup].map((w) => [w.key, w]));

describe('/api/workflows', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await startTestApp(registry);
    const at = (iso: string) => new Date(iso);
    ids.create_node = (
      await seedWorkflow(t.prisma, {
        name: 'create_node',
        target: 'CREATE',
        description: 'Create a node',
        created_at: at('2024-01-01T00:00:00Z'),
      })
    ).workflow_id;
    ids.task_clean_up = (
      await seedWorkflow(t.prisma, {
        name: 'task_clean_up',
        target: 'SYSTEM',
        is_task: true,
        description: 'Clean up',
        created_at: at('2024-02-01T00:00:00Z'),
      })
    ).workflow_id;
    ids.Modify_node = (
      await seedWorkflow(t.prisma, {
        name: 'Modify_node',
        target: 'MODIFY',
        description: 'Modify a node',
        created_at: at('2024-03-01T00:00:00Z'),
      })
    ).workflow_id;
    ids.removed = (
      await seedWorkflow(t.prisma, { name: 'removed', target: 'TERMINATE', deleted_at: new Date() })
    ).workflow_id;
    const product = await seedProduct(t.prisma, { name: 'Node', tag: 'NODE' });
    await t.prisma.productWorkflow.create({ data: { product_id: product.product_id, workflow_id: ids.create_node } });
  });
  afterAll(() => t.close());

  const names = (body: { name: string }[]) => body.map((w) => w.name);

  it('lists the workflows that are not deleted, by name, with the registered steps', async () => {
    const res = await request(t.app).get('/api/workflows').expect(200);
    expect(names(res.body)).toEqual(['create_node', 'Modify_node', 'task_clean_up']);
    expect(res.headers['content-range']).toBeUndefined();
    expect(res.body[0]).toEqual({
      name: 'create_node',
      target: 'CREATE',
      is_task: false,
      description: 'Create a node',
      created_at: Date.parse('2024-01-01T00:00:00Z') / 1000,
      workflow_id: ids.create_node,
      steps: [{ name: 'Start' }, { name: 'Create' }, { name: 'Done' }],
    });
    // In the database but not in this app's registry: its steps are unknown.
    expect(res.body[1].steps).toBeNull();
    expect(res.body[2].steps).toEqual([{ name: 'Start' }, { name: 'Clean' }, { name: 'Done' }]);
  });

  it('pages, sorts and filters with the process list language', async () => {
    const page = await request(t.app).get('/api/workflows?range=1,2').expect(200);
    expect(names(page.body)).toEqual(['Modify_node']);
    expect(page.headers['content-range']).toBe('workflows 1-2/3');
    const sorted = await request(t.app).get('/api/workflows?sort=createdAt,desc').expect(200);
    expect(names(sorted.body)).toEqual(['Modify_node', 'task_clean_up', 'create_node']);
    const tasks = await request(t.app).get('/api/workflows?filter=isTask,true').expect(200);
    expect(names(tasks.body)).toEqual(['task_clean_up']);
    const byTarget = await request(t.app).get('/api/workflows?filter=target,create|modify').expect(200);
    expect(names(byTarget.body)).toEqual(['create_node', 'Modify_node']);
    const byDescription = await request(t.app).get('/api/workflows?filter=description,%25node').expect(200);
    expect(names(byDescription.body)).toEqual(['create_node', 'Modify_node']);
    const byDate = await request(t.app).get('/api/workflows?filter=createdAt,>=2024-02-01').expect(200);
    expect(names(byDate.body)).toEqual(['Modify_node', 'task_clean_up']);
    const byProduct = await request(t.app).get('/api/workflows?filter=product,Node').expect(200);
    expect(names(byProduct.body)).toEqual(['create_node']);
  });

  it('answers malformed list parameters with 400', async () => {
    await request(t.app).get('/api/workflows?range=2,1').expect(400);
    const badSort = await request(t.app).get('/api/workflows?sort=steps,asc').expect(400);
    expect(badSort.body.detail).toMatch(/^Invalid sort arguments: unknown field 'steps'; valid fields: createdAt, /);
    const badFilter = await request(t.app).get('/api/workflows?filter=deletedAt,x').expect(400);
    expect(badFilter.body.detail).toMatch(/unknown field 'deletedAt'/);
  });

  it('gets one workflow, deleted ones included; 404 unknown; 422 malformed', async () => {
    const one = await request(t.app).get(`/api/workflows/${ids.task_clean_up}`).expect(200);
    expect(one.body).toMatchObject({ name: 'task_clean_up', target: 'SYSTEM', is_task: true });
    const removed = await request(t.app).get(`/api/workflows/${ids.removed}`).expect(200);
    expect(removed.body.name).toBe('removed');
    const unknown = '00000000-0000-4000-8000-000000000000';
    const missing = await request(t.app).get(`/api/workflows/${unknown}`).expect(404);
    expect(missing.body).toEqual({ detail: `Workflow ${unknown} not found`, status: 404, title: 'Not Found' });
    await request(t.app).get('/api/workflows/create_node').expect(422);
  });
});
