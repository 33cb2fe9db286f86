import { done, init, inputStep, step, steps, workflow, type Workflow } from '@wfo/engine';
import type { Express } from 'express';
import request from 'supertest';
import { z } from 'zod';
import { graphqlRoutes } from '../src';
import { countingPrisma } from './support/counting-prisma';
import { seedProcess, seedProduct, seedSubscription, seedWorkflow } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';

const createThing = workflow(
  { key: 'create_thing', target: 'CREATE', description: 'Create a thing' },
  steps(
    init,
    step('Make it', () => ({ made: true })),
    inputStep('Confirm', { form: z.object({ ok: z.boolean() }), assignee: 'NOC' }),
    done,
  ),
);
const forbidden = workflow({ key: 'forbidden_thing', target: 'CREATE', authorize: () => false }, steps(init, done));
const registry = new Map<string, Workflow>([
  [createThing.key, createThing],
  [forbidden.key, forbidden],
]);

const PROCESS_LIST = `query ProcessList($first: Int!, $after: Int!, $sortBy: [GraphqlSort!], $filterBy: [GraphqlFilter!], $query: String) {
  processes(first: $first, after: $after, sortBy: $sortBy, filterBy: $filterBy, query: $query) {
    page { workflowName lastStep lastStatus workflowTarget product { name tag } customer { fullname shortcode }
           createdBy assignee processId startedAt lastModifiedAt isTask subscriptions { page { subscriptionId description } } note }
    pageInfo { hasNextPage hasPreviousPage startCursor totalItems endCursor sortFields filterFields }
  }
}`;

let t: TestApp;
let app: Express;
let queries: ReturnType<typeof countingPrisma>;
let createId: string;
let productId: string;

async function gql(query: string, variables: Record<string, unknown> = {}, expectStatus = 200) {
  const res = await request(app).post('/api/graphql').send({ query, variables }).expect(expectStatus);
  return res.body as { data?: any; errors?: Array<{ message: string; path?: unknown[] }> };
}

/** Queries one request sends to Postgres. */
async function countQueries(query: string, variables: Record<string, unknown>): Promise<number> {
  queries.reset();
  const body = await gql(query, variables);
  expect(body.errors).toBeUndefined();
  return queries.count();
}

async function seedProcesses(n: number, subscriptionId: string) {
  for (let i = 0; i < n; i++) {
    await seedProcess(t.prisma, {
      workflow_id: createId,
      last_status: i % 2 === 0 ? 'completed' : 'failed',
      last_step: 'Done',
      subscriptionIds: [subscriptionId],
      steps: [{ name: 'Start', status: 'success', state: {} }],
    });
  }
}

beforeAll(async () => {
  t = await startTestApp(registry);
  queries = countingPrisma(t.prisma);
  app = t.with({ prisma: queries.prisma, routers: [graphqlRoutes()] });
  createId = (await seedWorkflow(t.prisma, { name: 'create_thing', target: 'CREATE' })).workflow_id;
  await seedWorkflow(t.prisma, { name: 'forbidden_thing', target: 'CREATE' });
  await seedWorkflow(t.prisma, { name: 'old_task', target: 'SYSTEM', is_task: true });
  productId = (await seedProduct(t.prisma, { name: 'Node', tag: 'NODE' })).product_id;
  await t.prisma.productWorkflow.create({ data: { product_id: productId, workflow_id: createId } });
  await t.prisma.fixedInput.create({ data: { product_id: productId, name: 'vendor', value: 'acme' } });
});
afterAll(() => t.close());

describe('POST /api/graphql', () => {
  it('answers Versions with a core version the UI accepts', async () => {
    const body = await gql('query Versions { version { applicationVersions } }');
    expect(body.data.version.applicationVersions[0]).toBe('orchestrator-core: 5.4.0');
  });

  it('lists processes with orchestrator-core filters (dash groups, isTask), sorts and offset paging', async () => {
    const sub = await seedSubscription(t.prisma, { product_id: productId, customer_id: 'acme', description: 'r1' });
    await seedProcesses(3, sub.subscription_id);
    const body = await gql(PROCESS_LIST, {
      first: 2,
      after: 0,
      sortBy: { field: 'startedAt', order: 'DESC' },
      filterBy: [
        { field: 'isTask', value: 'false' },
        { field: 'lastStatus', value: 'completed-failed' },
      ],
    });
    expect(body.errors).toBeUndefined();
    const { page, pageInfo } = body.data.processes;
    expect(page).toHaveLength(2);
    expect(page[0]).toMatchObject({
      workflowName: 'create_thing',
      workflowTarget: 'CREATE',
      product: { name: 'Node', tag: 'NODE' },
      customer: { fullname: 'acme', shortcode: 'acme' },
      isTask: false,
      subscriptions: { page: [{ subscriptionId: sub.subscription_id, description: 'r1' }] },
    });
    expect(['COMPLETED', 'FAILED']).toContain(page[0].lastStatus);
    expect(new Date(page[0].startedAt).toISOString()).toBe(page[0].startedAt);
    expect(page[0].startedAt >= page[1].startedAt).toBe(true);
    expect(pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false, startCursor: 0, endCursor: 1 });
    expect(pageInfo.totalItems).toBeGreaterThanOrEqual(3);
    expect(pageInfo.filterFields).toContain('lastStatus');
    expect(pageInfo.sortFields).toContain('startedAt');

    const next = await gql(PROCESS_LIST, { first: 2, after: 1, filterBy: { field: 'lastStatus', value: '!failed' } });
    expect(next.data.processes.pageInfo).toMatchObject({ hasPreviousPage: true, startCursor: 1, endCursor: 1 });
    expect(next.data.processes.page.map((p: { lastStatus: string }) => p.lastStatus)).toEqual(['COMPLETED']);
  });

  it('sends the same number of queries for a page of 2 processes as for a page of 40', async () => {
    const sub = await seedSubscription(t.prisma, { product_id: productId, customer_id: 'big' });
    await seedProcesses(40, sub.subscription_id);
    const small = await countQueries(PROCESS_LIST, { first: 2, after: 0 });
    const large = await countQueries(PROCESS_LIST, { first: 40, after: 0 });
    // The page, its count, and the subscriptions of all its processes.
    expect(small).toBe(3);
    expect(large).toBe(small);
  });

  it('batches nested connections and detail fields: subscriptions with processes, products with counts', async () => {
    const SUBSCRIPTIONS = `query($first: Int!) { subscriptions(first: $first, after: 0) { page {
        subscriptionId customer { fullname } product { name status } fixedInputs customerDescriptions { description } metadata
        processes(first: 1000000, after: 0, sortBy: {field: "startedAt", order: ASC}) {
          page { processId lastStatus steps { name status } userPermissions { retryAllowed resumeAllowed } }
          pageInfo { totalItems } } } } }`;
    const PRODUCTS = `query($filterBy: [GraphqlFilter!]) { products(first: 1000, after: 0, sortBy: {field: "name", order: ASC}) {
        page { name subscriptions(filterBy: $filterBy) { pageInfo { totalItems } }
               productBlocks { name resourceTypes { resourceType } } fixedInputs { name value } workflows { name } }
        pageInfo { totalItems } } }`;
    for (let i = 0; i < 6; i++) await seedProduct(t.prisma);
    const few = await countQueries(SUBSCRIPTIONS, { first: 1 });
    const many = await countQueries(SUBSCRIPTIONS, { first: 50 });
    expect(many).toBe(few);
    const filterBy = [{ field: 'status', value: '!terminated' }];
    expect(await countQueries(PRODUCTS, { filterBy })).toBeLessThanOrEqual(8);

    const body = await gql(PRODUCTS, { filterBy });
    const node = body.data.products.page.find((p: { name: string }) => p.name === 'Node');
    expect(node.subscriptions.pageInfo.totalItems).toBe(2);
    expect(node.fixedInputs).toEqual([{ name: 'vendor', value: 'acme' }]);
    expect(node.workflows).toEqual([{ name: 'create_thing' }]);
  });

  it('shows a suspended process: steps done and pending, its form, and what the caller may do', async () => {
    const pid = await seedProcess(t.prisma, {
      workflow_id: createId,
      last_status: 'suspended',
      last_step: 'Confirm',
      assignee: 'NOC',
      steps: [
        { name: 'Start', status: 'success', state: { a: 1 } },
        { name: 'Make it', status: 'success', state: { a: 1, made: true } },
        { name: 'Confirm', status: 'suspend', state: { a: 1, made: true } },
      ],
    });
    const body = await gql(
      `query ProcessDetail($processId: String!) { processes(filterBy: {field: "processId", value: $processId}) { page {
         processId lastStatus isTask form traceback note userPermissions { retryAllowed resumeAllowed }
         steps { name status stepId stateDelta started completed } customer { fullname } currentState
         subscriptions { page { subscriptionId } } } } }`,
      { processId: pid },
    );
    const [process] = body.data.processes.page;
    expect(process.lastStatus).toBe('SUSPENDED');
    expect(process.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      'Start:success',
      'Make it:success',
      'Confirm:suspend',
      'Confirm:pending',
      'Done:pending',
    ]);
    expect(process.steps[1].stateDelta).toEqual({ made: true });
    expect(process.form.properties.ok.type).toBe('boolean');
    expect(process.userPermissions).toEqual({ retryAllowed: true, resumeAllowed: true });
    expect(process.currentState).toEqual({ a: 1, made: true });
    expect(process.customer).toBeNull();
  });

  it('offers the CREATE workflows with their products and whether the caller may start them', async () => {
    const body =
      await gql(`query StartOptions { workflows(first: 1000000, after: 0, filterBy: [{field: "target", value: "CREATE"}]) {
      page { name isAllowed description steps { name assignee } products { productType productId name tag status } } } }`);
    const byName = Object.fromEntries(body.data.workflows.page.map((w: { name: string }) => [w.name, w]));
    expect(Object.keys(byName).sort()).toEqual(['create_thing', 'forbidden_thing']);
    expect(byName.create_thing).toMatchObject({ isAllowed: true, products: [{ name: 'Node', status: 'ACTIVE' }] });
    expect(byName.create_thing.steps).toContainEqual({ name: 'Confirm', assignee: 'NOC' });
    expect(byName.forbidden_thing.isAllowed).toBe(false);
  });

  it('reads subscriptions through the SubscriptionInterface fragment, by id or a pipe-joined group', async () => {
    const a = await seedSubscription(t.prisma, { product_id: productId, customer_id: 'c1', status: 'active' });
    const b = await seedSubscription(t.prisma, { product_id: productId, customer_id: 'c2', status: 'terminated' });
    const body = await gql(
      `query($ids: String!) { subscriptions(first: 10, after: 0, filterBy: [{field: "subscriptionId", value: $ids}, {field: "status", value: "initial|active"}]) {
        page { ...Detail } pageInfo { totalItems } } }
       fragment Detail on SubscriptionInterface { subscriptionId status insync customerId product { name productType } productBlockInstances { id } }`,
      { ids: `${a.subscription_id}|${b.subscription_id}` },
    );
    expect(body.data.subscriptions.page).toEqual([
      {
        subscriptionId: a.subscription_id,
        status: 'ACTIVE',
        insync: true,
        customerId: 'c1',
        product: { name: 'Node', productType: 'Node' },
        productBlockInstances: [],
      },
    ]);
    const customers = await gql(
      `{ customers(first: 5, after: 0, filterBy: {field: "customerId", value: "c1|c2"}) { page { customerId fullname
          subscriptions(filterBy: {field: "status", value: "active"}) { pageInfo { totalItems } } } } }`,
    );
    expect(customers.data.customers.page).toEqual([
      { customerId: 'c1', fullname: 'c1', subscriptions: { pageInfo: { totalItems: 1 } } },
      { customerId: 'c2', fullname: 'c2', subscriptions: { pageInfo: { totalItems: 0 } } },
    ]);
  });

  it('lists metadata with free-text query and answers scheduledTasks with an empty connection', async () => {
    const body =
      await gql(`{ workflows(first: 10, after: 0, query: "thing", sortBy: {field: "name", order: DESC}) { page { name } }
      blocks: productBlocks(first: 10, after: 0) { page { name } pageInfo { totalItems } }
      resourceTypes(first: 10, after: 0) { page { resourceType } }
      scheduledTasks(first: 10, after: 0) { page { id } pageInfo { totalItems hasNextPage } } }`);
    expect(body.data.workflows.page.map((w: { name: string }) => w.name)).toEqual(['forbidden_thing', 'create_thing']);
    expect(body.data.scheduledTasks).toEqual({ page: [], pageInfo: { totalItems: 0, hasNextPage: false } });
  });

  it('reports a bad filter, sort or paging argument as a GraphQL error naming it, without data', async () => {
    const body = await gql(PROCESS_LIST, { first: 5, after: 0, filterBy: { field: 'colour', value: 'red' } });
    expect(body.data).toBeNull();
    expect(body.errors![0]!.message).toMatch(/unknown field 'colour'; valid fields: .*lastStatus/);
    const sort = await gql(PROCESS_LIST, { first: 5, after: 0, sortBy: { field: 'colour', order: 'ASC' } });
    expect(sort.errors![0]!.message).toMatch(/Invalid sort arguments: unknown field 'colour'/);
    const paging = await gql(PROCESS_LIST, { first: -1, after: 0 });
    expect(paging.errors![0]!.message).toMatch(/`first` must not be negative/);
    const bool = await gql(PROCESS_LIST, { first: 1, after: 0, filterBy: { field: 'isTask', value: 'maybe' } });
    expect(bool.errors![0]!.message).toMatch(/use true or false/);
  });

  it('answers 400 to documents that do not parse or validate, and 422 to a body that is not a GraphQL request', async () => {
    expect((await gql('query {', {}, 400)).errors![0]!.message).toMatch(/Syntax Error/);
    expect((await gql('{ nope }', {}, 400)).errors![0]!.message).toMatch(/Cannot query field "nope"/);
    expect((await gql('mutation { x }', {}, 400)).errors![0]!.message).toMatch(/Only queries/);
    const nest = (levels: number): string =>
      levels === 0 ? 'subscriptionId' : `processes { page { subscriptions { page { ${nest(levels - 1)} } } } }`;
    const deep = `{ subscriptions { page { ${nest(3)} } } }`;
    expect((await gql(deep, {}, 400)).errors![0]!.message).toMatch(/deeper than 12/);
    await request(app).post('/api/graphql').send({ query: 42 }).expect(422);
    await request(app).get('/api/graphql').expect(405);
  });
});
