import request from 'supertest';
import { seedProcess, seedProduct, seedSubscription, seedWorkflow } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';

const T0 = Date.parse('2020-01-14T09:30:00Z');
const hour = (n: number) => new Date(T0 + n * 3_600_000);
const GOLDEN_PID = '0f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9';

describe('GET /api/processes', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  let product1: { product_id: string; name: string };
  let sub1: string;
  let sub2: string;

  beforeAll(async () => {
    t = await startTestApp();
    const { prisma } = t;
    const create = await seedWorkflow(prisma, { name: 'create_thing', target: 'CREATE' });
    const task = await seedWorkflow(prisma, { name: 'task_cleanup', target: 'SYSTEM', is_task: true });
    const old = await seedWorkflow(prisma, { name: 'old_thing', target: 'MODIFY', deleted_at: new Date() });
    product1 = await seedProduct(prisma, { name: 'Product 1', tag: 'GEN1' });
    const product2 = await seedProduct(prisma, { name: 'Product 2', tag: 'GEN2', description: 'Second product' });
    sub1 = (await seedSubscription(prisma, { product_id: product1.product_id, customer_id: 'cust-a' })).subscription_id;
    sub2 = (await seedSubscription(prisma, { product_id: product2.product_id, customer_id: 'cust-b' })).subscription_id;

    const wf = create.workflow_id;
    ids.A = await seedProcess(prisma, {
      pid: GOLDEN_PID,
      workflow_id: wf,
      last_status: 'completed',
      created_by: 'alice',
      started_at: hour(0),
      subscriptionIds: [sub1],
    });
    ids.B = await seedProcess(prisma, {
      workflow_id: wf,
      last_status: 'failed',
      assignee: 'NOC',
      created_by: 'bob',
      failed_reason: 'boom',
      traceback: 'Traceback…',
      started_at: hour(1),
      subscriptionIds: [sub2],
    });
    ids.C = await seedProcess(prisma, {
      workflow_id: wf,
      last_status: 'suspended',
      assignee: 'CHANGES',
      created_by: null,
      started_at: hour(2),
      subscriptionIds: [sub1, sub2],
    });
    ids.D = await seedProcess(prisma, {
      workflow_id: task.workflow_id,
      is_task: true,
      last_status: 'completed',
      started_at: hour(3),
    });
    ids.E = await seedProcess(prisma, {
      workflow_id: task.workflow_id,
      is_task: true,
      last_status: 'running',
      started_at: hour(4),
    });
    ids.F = await seedProcess(prisma, {
      workflow_id: task.workflow_id,
      is_task: true,
      last_status: 'api_unavailable',
      started_at: hour(5),
    });
    ids.G = await seedProcess(prisma, {
      workflow_id: old.workflow_id,
      last_status: 'completed',
      started_at: hour(6),
      subscriptionIds: [sub2],
    });
    ids.H = await seedProcess(prisma, {
      workflow_id: wf,
      last_status: 'completed',
      created_by: 'alicia',
      note: 'hello',
      started_at: hour(7),
    });
    ids.I = await seedProcess(prisma, { workflow_id: wf, last_status: 'waiting', started_at: hour(8) });
    // Microseconds, which a JavaScript Date cannot hold: the ETag must still match orchestrator-core's.
    await prisma.$executeRaw`UPDATE processes SET last_modified_at = '2020-01-14 09:30:00.123456+00' WHERE pid = ${GOLDEN_PID}::uuid`;
  });
  afterAll(() => t.close());

  const names = (body: { process_id: string }[]) =>
    body.map((p) => Object.entries(ids).find(([, id]) => id === p.process_id)?.[0]).join('');

  describe('without range', () => {
    it('lists every process, newest first, without Content-Range', async () => {
      const res = await request(t.app).get('/api/processes').expect(200);
      expect(names(res.body)).toBe('IHGFEDCBA');
      expect(res.headers['content-range']).toBeUndefined();
      expect(res.headers.etag).toMatch(/^W\/"0x[0-9a-f]+"$/);
      await request(t.app).get('/api/processes/').expect(200);
    });

    it("answers orchestrator-core's ProcessSchema, subscriptions with their product, epoch-second times", async () => {
      const res = await request(t.app).get(`/api/processes?filter=processId,${ids.C}`).expect(200);
      expect(res.body).toHaveLength(1);
      const [c] = res.body;
      expect(Object.keys(c)).toEqual([
        'process_id',
        'workflow_id',
        'workflow_name',
        'is_task',
        'created_by',
        'failed_reason',
        'started_at',
        'last_status',
        'last_step',
        'assignee',
        'last_modified_at',
        'traceback',
        'product_id',
        'customer_id',
        'workflow_target',
        'subscriptions',
        'current_state',
        'steps',
        'form',
        'note',
      ]);
      expect(c).toMatchObject({
        workflow_name: 'create_thing',
        workflow_target: 'CREATE',
        is_task: false,
        created_by: null,
        last_status: 'suspended',
        assignee: 'CHANGES',
        started_at: hour(2).getTime() / 1000,
        product_id: product1.product_id,
        customer_id: 'cust-a',
        current_state: null,
        steps: null,
        form: null,
        note: null,
      });
      expect(c.subscriptions.map((s: { subscription_id: string }) => s.subscription_id)).toEqual([sub1, sub2]);
      expect(c.subscriptions[0]).toMatchObject({
        subscription_id: sub1,
        customer_id: 'cust-a',
        insync: true,
        status: 'active',
        version: 1,
        name: null,
        tag: null,
        customer_descriptions: null,
        product: {
          product_id: product1.product_id,
          name: 'Product 1',
          tag: 'GEN1',
          product_type: 'Node',
          status: 'active',
        },
      });
      expect(typeof c.subscriptions[0].product.created_at).toBe('number');
    });
  });

  describe('range', () => {
    it('pages with an exclusive end and a Content-Range total', async () => {
      const first = await request(t.app).get('/api/processes?range=0,4').expect(200);
      expect(names(first.body)).toBe('IHGF');
      expect(first.headers['content-range']).toBe('processes 0-4/9');
      expect(first.headers['x-total-estimated']).toBeUndefined();
      const second = await request(t.app).get('/api/processes?range=4,8').expect(200);
      expect(names(second.body)).toBe('EDCB');
      const beyond = await request(t.app).get('/api/processes?range=8,100').expect(200);
      expect(names(beyond.body)).toBe('A');
      expect(beyond.headers['content-range']).toBe('processes 8-100/9');
    });

    it('counts only the filtered processes', async () => {
      const res = await request(t.app).get('/api/processes?range=0,1&filter=isTask,true').expect(200);
      expect(res.headers['content-range']).toBe('processes 0-1/3');
    });

    it('estimates totals above the exact-count limit, and says so', async () => {
      const app = t.with({ options: { exactCountLimit: 3 } });
      const res = await request(app).get('/api/processes?range=0,2').expect(200);
      expect(res.body).toHaveLength(2);
      expect(res.headers['x-total-estimated']).toBe('true');
      const total = Number(res.headers['content-range']!.split('/')[1]);
      expect(total).toBeGreaterThanOrEqual(4);
      const small = await request(app).get('/api/processes?range=0,2&filter=isTask,true').expect(200);
      expect(small.headers['content-range']).toBe('processes 0-2/3');
      expect(small.headers['x-total-estimated']).toBeUndefined();
    });

    it.each([
      ['5,5', 'range start must be lower than end'],
      ['6,2', 'range start must be lower than end'],
      ['-1,5', 'range start must not be negative'],
      ['a,b', "Invalid range: expected two integers 'start,end' (end exclusive)"],
      ['1,2,3', "Invalid range: expected two integers 'start,end' (end exclusive)"],
      ['0,99999999999999999999', 'Invalid range: too large'],
    ])('answers range=%s with 400', async (range, detail) => {
      const res = await request(t.app).get(`/api/processes?range=${range}`).expect(400);
      expect(res.body).toEqual({ detail, status: 400, title: 'Bad Request' });
    });
  });

  describe('sort', () => {
    it.each([
      ['startedAt,asc', 'ABCDEFGHI'],
      ['started_at,desc', 'IHGFEDCBA'],
      ['workflowName,asc,startedAt,desc', 'IHCBAGFED'],
      ['isTask,desc,startedAt,asc', 'DEFABCGHI'],
      ['startedAt', 'IHGFEDCBA'],
    ])('sort=%s', async (sort, expected) => {
      const res = await request(t.app).get(`/api/processes?sort=${sort}`).expect(200);
      expect(names(res.body)).toBe(expected);
    });

    it('sorts by assignee and by product', async () => {
      const byAssignee = await request(t.app).get('/api/processes?sort=assignee,asc').expect(200);
      expect(byAssignee.body[0].assignee).toBe('CHANGES');
      expect(byAssignee.body[1].assignee).toBe('NOC');
      // Processes without a subscription have no product: last ascending, first descending (Postgres NULLs).
      const byProduct = await request(t.app).get('/api/processes?sort=productName,asc').expect(200);
      const productNames = byProduct.body.map(
        (p: { subscriptions: { product: { name: string } }[] }) =>
          p.subscriptions.map((s) => s.product.name).sort()[0] ?? '-',
      );
      expect(productNames).toEqual(['Product 1', 'Product 1', 'Product 2', 'Product 2', '-', '-', '-', '-', '-']);
    });

    it.each([
      ['nope,asc', /^Invalid sort arguments: unknown field 'nope'; valid fields: .*startedAt/],
      ['startedAt,up', /^Invalid sort arguments: the direction of 'startedAt' must be asc or desc$/],
      ['startedAt,asc,assignee', /^Invalid sort arguments: expected field,direction pairs$/],
    ])('answers sort=%s with 400', async (sort, detail) => {
      const res = await request(t.app).get(`/api/processes?sort=${sort}`).expect(400);
      expect(res.body.detail).toMatch(detail);
    });
  });

  describe('filter', () => {
    it.each([
      ['lastStatus,completed', 'HGDA'],
      ['last_status,COMPLETED', 'HGDA'],
      ['lastStatus,completed|failed', 'HGDBA'],
      ['lastStatus,!completed', 'IFECB'],
      ['lastStatus,api_unavailable', 'F'],
      ['isTask,true', 'FED'],
      ['isTask,FALSE,lastStatus,completed', 'HGA'],
      ['assignee,noc', 'B'],
      ['createdBy,ali%', 'HA'],
      ['createdBy,alice', 'A'],
      ['createdBy,!alice', 'IHGFEDCB'],
      ['failedReason,boom', 'B'],
      ['note,hello', 'H'],
      ['lastStep,', null],
      ['product,Product 1', 'CA'],
      ['product,product%', 'GCBA'],
      ['productDescription,Second product', 'GCB'],
      ['tag,GEN2', 'GCB'],
      ['tag,GEN1|GEN2', 'GCBA'],
      ['customer,cust-b', 'GCB'],
      ['workflowName,create_thing', 'IHCBA'],
      ['workflowName,old_thing', ''],
      ['target,system', 'FED'],
      ['startedAt,>=2020-01-14T12:30:00Z', 'IHGFED'],
      ['startedAt,<2020-01-14T11:30', 'BA'],
      ['startedAt,>2020-01-14T13:30:00 01:00', 'IHGFE'],
      [`startedAt,<=${hour(1).getTime() / 1000}`, 'BA'],
      ['startedAt,2020-01-14 10:%', 'B'],
      ['startedAt,<2020-01-14T10:00:00Z|>2020-01-14T16:00:00Z', 'IHA'],
    ])('filter=%s', async (filter, expected) => {
      const res = await request(t.app).get(`/api/processes?filter=${encodeURIComponent(filter).replace(/%2C/g, ',')}`);
      if (expected === null) {
        expect(res.status).toBe(400);
        return;
      }
      expect(res.status).toBe(200);
      expect(names(res.body)).toBe(expected);
    });

    it('filters by subscription and by process id', async () => {
      const bySub = await request(t.app).get(`/api/processes?filter=subscriptionId,${sub1}`).expect(200);
      expect(names(bySub.body)).toBe('CA');
      const byIds = await request(t.app).get(`/api/processes?filter=processId,${ids.A}|${ids.B}`).expect(200);
      expect(names(byIds.body)).toBe('BA');
      const partial = await request(t.app)
        .get(`/api/processes?filter=processId,${ids.B!.slice(0, 8)}%25`)
        .expect(200);
      expect(names(partial.body)).toBe('B');
    });

    it('ignores an empty filter', async () => {
      const res = await request(t.app).get('/api/processes?filter=').expect(200);
      expect(res.body).toHaveLength(9);
    });

    it.each([
      ['lastStatus', 'Invalid number of filter arguments'],
      ['lastStatus,completed,isTask', 'Invalid number of filter arguments'],
      ['lastStatus,', "Invalid filter arguments: no value for 'lastStatus'"],
      ['lastStatus,|', "Invalid filter arguments: no value for 'lastStatus'"],
      ['isTask,maybe', "Invalid filter value for 'isTask': use true or false"],
      ['startedAt,>yesterday', "Invalid filter value for 'startedAt': not an ISO 8601 date or epoch seconds"],
      ['startedAt,>2020-02-30', "Invalid filter value for 'startedAt': not an ISO 8601 date or epoch seconds"],
      ['subscriptionId,nope', "Invalid filter value for 'subscriptionId': not a UUID"],
    ])('answers filter=%s with 400', async (filter, detail) => {
      const res = await request(t.app).get(`/api/processes?filter=${filter}`).expect(400);
      expect(res.body).toEqual({ detail, status: 400, title: 'Bad Request' });
    });

    it('names unknown fields and lists the valid ones', async () => {
      const res = await request(t.app).get('/api/processes?filter=color,red').expect(400);
      expect(res.body.detail).toMatch(
        /^Invalid filter arguments: unknown field 'color'; valid fields: assignee, createdBy, customer/,
      );
      expect(res.body.detail).toContain('workflowName');
    });

    it('answers a repeated query parameter with 422', async () => {
      const res = await request(t.app).get('/api/processes?range=0,1&range=1,2').expect(422);
      expect(res.body.detail).toMatch(/^Query parameter 'range': /);
    });
  });

  describe('ETag', () => {
    it("equals orchestrator-core's CRC32 of ids and last_modified_at", async () => {
      const res = await request(t.app).get(`/api/processes?filter=processId,${GOLDEN_PID}`).expect(200);
      expect(res.headers.etag).toBe('W/"0x7655df0e"');
      expect(res.body[0].last_modified_at).toBe(1578994200.123456);
    });

    it('answers 304 to a matching If-None-Match, bare or quoted, and 200 otherwise', async () => {
      const first = await request(t.app).get('/api/processes?range=0,3').expect(200);
      const etag = first.headers.etag!;
      const bare = etag.slice(3, -1);
      const notModified = await request(t.app).get('/api/processes?range=0,3').set('If-None-Match', bare).expect(304);
      expect(notModified.text).toBe('');
      expect(notModified.headers.etag).toBe(etag);
      expect(notModified.headers['content-range']).toBe('processes 0-3/9');
      await request(t.app).get('/api/processes?range=0,3').set('If-None-Match', etag).expect(304);
      await request(t.app).get('/api/processes?range=0,3').set('If-None-Match', '0xdeadbeef').expect(200);
    });

    it('changes when a listed process changes', async () => {
      const before = await request(t.app).get('/api/processes?range=0,3').expect(200);
      await t.prisma.$executeRaw`UPDATE processes SET last_modified_at = now() WHERE pid = ${ids.H}::uuid`;
      const after = await request(t.app)
        .get('/api/processes?range=0,3')
        .set('If-None-Match', before.headers.etag!)
        .expect(200);
      expect(after.headers.etag).not.toBe(before.headers.etag);
    });
  });
});

describe('GET /api/processes/status-counts', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('counts processes and tasks by status', async () => {
    await request(t.app).get('/api/processes/status-counts').expect(200, { process_counts: {}, task_counts: {} });
    const wf = await seedWorkflow(t.prisma, { name: 'wf' });
    const task = await seedWorkflow(t.prisma, { name: 'task', is_task: true });
    for (const status of ['completed', 'completed', 'failed', 'suspended']) {
      await seedProcess(t.prisma, { workflow_id: wf.workflow_id, last_status: status });
    }
    for (const status of ['completed', 'running']) {
      await seedProcess(t.prisma, { workflow_id: task.workflow_id, is_task: true, last_status: status });
    }
    const res = await request(t.app).get('/api/processes/status-counts').expect(200);
    expect(res.body).toEqual({
      process_counts: { completed: 2, failed: 1, suspended: 1 },
      task_counts: { completed: 1, running: 1 },
    });
  });
});
