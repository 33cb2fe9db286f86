import path from 'node:path';
import { startWfo, waitFor, type Wfo } from './harness';
import { client, type Client } from './http-client';

let wfo: Wfo;
let api: Client;

beforeAll(async () => {
  wfo = await startWfo({ workers: 1 });
  api = client(wfo.url);
}, 60_000);

afterAll(async () => {
  await wfo?.stop();
});

/** A product's id, from the choices a create workflow's first page offers (510 with the page). */
async function productId(workflowKey: string, name: string): Promise<string> {
  const page = await api.post(`/api/processes/${workflowKey}`, []);
  expect(page.status).toBe(510);
  const options = page.body.form.$defs.ProductChoice.options as Record<string, string>;
  return Object.entries(options).find(([, label]) => label === name)![0];
}

async function createNode(name: string): Promise<{ subscriptionId: string; processId: string }> {
  const product = await productId('e2e_create_node', 'E2E Node');
  const processId = await api.start('e2e_create_node', [
    { product },
    { customer_id: 'customer-1', node_name: name, ports: ['xe-0', 'xe-1'] },
  ]);
  const p = await api.waitForStatus(processId, 'completed');
  return { subscriptionId: p.current_state.subscription.subscription_id, processId };
}

const domainModel = async (id: string) => (await api.get(`/api/subscriptions/domain-model/${id}`)).body;

describe('create → modify → terminate of a product over HTTP and real workers', () => {
  it('ends terminated and in sync, linked to all three processes, its version bumped by each change', async () => {
    const firstPage = await api.post('/api/processes/e2e_create_node', []);
    expect(firstPage.body.form.properties.product).toEqual({ $ref: '#/$defs/ProductChoice' });

    const created = await createNode('r1');
    const afterCreate = await domainModel(created.subscriptionId);
    expect(afterCreate).toMatchObject({
      status: 'active',
      insync: true,
      customer_id: 'customer-1',
      node: { node_name: 'r1' },
    });
    expect(afterCreate.node.ports.map((p: any) => p.port_name)).toEqual(['xe-0', 'xe-1']);
    expect(afterCreate.start_date).toEqual(expect.any(Number));
    const createdVersion = afterCreate.version;

    const modifyId = await api.start('e2e_modify_node', [
      { subscription_id: created.subscriptionId, version: createdVersion },
      { location: 'Amsterdam' },
    ]);
    const modified = await api.waitForStatus(modifyId, 'completed');
    expect(modified.steps.map((s: any) => s.name)).toEqual([
      'Start',
      'Create Process Subscription relation',
      'Lock subscription',
      'Update location',
      'Unlock subscription',
      'Done',
    ]);
    const afterModify = await domainModel(created.subscriptionId);
    expect(afterModify).toMatchObject({ insync: true, node: { location: 'Amsterdam' } });
    expect(afterModify.version).toBe(createdVersion + 3); // locked, changed, unlocked

    const terminateId = await api.start('e2e_terminate_node', [{ subscription_id: created.subscriptionId }, {}]);
    await api.waitForStatus(terminateId, 'completed');
    const afterTerminate = await domainModel(created.subscriptionId);
    expect(afterTerminate).toMatchObject({ status: 'terminated', insync: true });
    expect(afterTerminate.end_date).toEqual(expect.any(Number));
    expect(afterTerminate.version).toBe(afterModify.version + 3); // locked, terminated, unlocked

    const linked = (await api.get(`/api/processes?filter=subscriptionId,${created.subscriptionId}`)).body.map(
      (p: any) => p.process_id,
    );
    expect(new Set(linked)).toEqual(new Set([created.processId, modifyId, terminateId]));
    const listed = (await api.get(`/api/subscriptions?filter=subscriptionId,${created.subscriptionId}`)).body;
    expect(listed).toEqual([
      expect.objectContaining({ status: 'terminated', insync: true, version: afterTerminate.version }),
    ]);
  });
});

describe('the domain-model endpoint', () => {
  it('answers with an ETag and 304 when unchanged; 404 for an unknown subscription', async () => {
    const { subscriptionId } = await createNode('r2');
    const first = await api.get(`/api/subscriptions/domain-model/${subscriptionId}`);
    const etag = first.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await api.get(`/api/subscriptions/domain-model/${subscriptionId}`, { 'if-none-match': etag })).status).toBe(
      304,
    );
    expect((await api.get('/api/subscriptions/domain-model/00000000-0000-4000-8000-000000000000')).status).toBe(404);
  });
});

describe('locks, relations and availability', () => {
  it('a subscription in use by an active service cannot be terminated; its workflows say why', async () => {
    const node = await createNode('r3');
    const serviceProduct = await productId('e2e_create_service', 'E2E Service');
    const serviceProcess = await api.start('e2e_create_service', [
      { product: serviceProduct },
      { customer_id: 'customer-1', node_subscription_id: node.subscriptionId },
    ]);
    const service = (await api.waitForStatus(serviceProcess, 'completed')).current_state.subscription;
    const serviceModel = await domainModel(service.subscription_id);
    const nodeModel = await domainModel(node.subscriptionId);
    expect(serviceModel.service.endpoint.owner_subscription_id).toBe(node.subscriptionId);
    expect(nodeModel.node.ports[0].in_use_by_ids).toEqual([serviceModel.service.subscription_instance_id]);
    expect(nodeModel.node.ports[0].in_use_by_relations).toEqual([
      {
        subscription_instance_id: serviceModel.service.subscription_instance_id,
        subscription_id: service.subscription_id,
      },
    ]);
    // Unfiltered, the port's parent inside its own subscription shows too, after the other subscriptions' users.
    const unfiltered = (
      await api.get(`/api/subscriptions/domain-model/${node.subscriptionId}?filter_owner_relations=false`)
    ).body;
    expect(unfiltered.node.ports[0].in_use_by_relations).toEqual([
      {
        subscription_instance_id: serviceModel.service.subscription_instance_id,
        subscription_id: service.subscription_id,
      },
      { subscription_instance_id: nodeModel.node.subscription_instance_id, subscription_id: node.subscriptionId },
    ]);
    expect(unfiltered.node.in_use_by_ids).toEqual([]);

    const workflows = (await api.get(`/api/subscriptions/workflows/${node.subscriptionId}`)).body;
    expect(workflows.terminate).toEqual([
      expect.objectContaining({
        name: 'e2e_terminate_node',
        reason: 'subscription.no_modify_subscription_in_use_by_others',
        unterminated_in_use_by_subscriptions: [service.subscription_id],
      }),
    ]);
    const refused = await api.post('/api/processes/e2e_terminate_node', [{ subscription_id: node.subscriptionId }]);
    expect(refused.status).toBe(400);
    expect(refused.body.validation_errors[0].msg).toBe(
      'This workflow cannot be started: This subscription can not be modified as it is used in other subscriptions',
    );
  });

  it('a locked subscription: not_in_sync for other workflows, locked_relations for related ones, and set_in_sync 422 until the process is done', async () => {
    const node = await createNode('r4');
    const approval = await api.start('e2e_modify_node_approval', [{ subscription_id: node.subscriptionId }]);
    await api.waitForStatus(approval, 'suspended');
    const nodeWorkflows = (await api.get(`/api/subscriptions/workflows/${node.subscriptionId}`)).body;
    expect(nodeWorkflows.reason).toBe('subscription.not_in_sync');
    expect(nodeWorkflows.modify.find((w: any) => w.name === 'modify_note').reason).toBeUndefined();
    const blocked = await api.post('/api/processes/e2e_modify_node', [{ subscription_id: node.subscriptionId }]);
    expect(blocked.status).toBe(400);
    expect(blocked.body.validation_errors[0].msg).toBe(
      'This workflow cannot be started: Subscription already has a running process or task',
    );

    const refused = await api.put(`/api/subscriptions/${node.subscriptionId}/set_in_sync`);
    expect(refused.status).toBe(422);
    expect(refused.body.detail).toContain(approval);

    expect((await api.put(`/api/processes/${approval}/abort`)).status).toBe(204);
    expect((await api.put(`/api/subscriptions/${node.subscriptionId}/set_in_sync`)).status).toBe(200);
    expect((await domainModel(node.subscriptionId)).insync).toBe(true);
    expect((await api.put('/api/subscriptions/00000000-0000-4000-8000-000000000000/set_in_sync')).status).toBe(404);
  });

  it('a failed terminate leaves the subscription locked; its relation users see relations_not_in_sync', async () => {
    const node = await createNode('r5');
    const serviceProduct = await productId('e2e_create_service', 'E2E Service');
    const serviceProcess = await api.start('e2e_create_service', [
      { product: serviceProduct },
      { customer_id: 'c', node_subscription_id: node.subscriptionId },
    ]);
    const service = (await api.waitForStatus(serviceProcess, 'completed')).current_state.subscription;
    const lockProcess = await api.start('e2e_modify_node_approval', [{ subscription_id: node.subscriptionId }]);
    await api.waitForStatus(lockProcess, 'suspended');
    const serviceWorkflows = (await api.get(`/api/subscriptions/workflows/${service.subscription_id}`)).body;
    expect(serviceWorkflows.reason).toBe('subscription.relations_not_in_sync');
    expect(serviceWorkflows.locked_relations).toEqual([node.subscriptionId]);
    await api.put(`/api/processes/${lockProcess}/abort`);
  });
});

describe('modify_note', () => {
  it('refuses a stale version with 400 "Stale data: …", then stores the note', async () => {
    const { subscriptionId } = await createNode('r6');
    const current = (await domainModel(subscriptionId)).version;
    const stale = await api.post('/api/processes/modify_note', [
      { subscription_id: subscriptionId, version: current - 1 },
    ]);
    expect(stale.status).toBe(400);
    expect(stale.body.validation_errors[0].msg).toBe(
      `Stale data: given version (${current - 1}) does not match the current version (${current})`,
    );

    const secondPage = await api.post('/api/processes/modify_note', [
      { subscription_id: subscriptionId, version: current },
    ]);
    expect(secondPage.status).toBe(510);
    const id = await api.start('modify_note', [
      { subscription_id: subscriptionId, version: current },
      { note: 'rack 12' },
    ]);
    const p = await api.waitForStatus(id, 'completed');
    expect(p.current_state).toMatchObject({ note: 'rack 12', old_note: null });
    expect((await domainModel(subscriptionId)).note).toBe('rack 12');
  });
});

describe('two modify processes racing for one subscription', () => {
  let racing: Wfo;
  beforeAll(async () => {
    racing = await startWfo({ workers: 0 });
  }, 60_000);
  afterAll(async () => {
    await racing?.stop();
  });

  it('the second one fails at "Lock subscription" with orchestrator-core\'s message', async () => {
    const raceApi = client(racing.url);
    // Create the node with a worker, then stop it, so both modify processes pass their first page before either runs.
    const worker = await racing.startWorker();
    const form = await raceApi.post('/api/processes/e2e_create_node', []);
    const product = form.body.form.$defs.ProductChoice.enum[0];
    const created = await raceApi.start('e2e_create_node', [
      { product },
      { customer_id: 'c', node_name: 'race', ports: ['p'] },
    ]);
    const subscriptionId = (await raceApi.waitForStatus(created, 'completed')).current_state.subscription
      .subscription_id;
    worker.child.kill('SIGTERM');
    await worker.exited;

    const a = await raceApi.start('e2e_modify_node', [{ subscription_id: subscriptionId }, { location: 'A' }]);
    const b = await raceApi.start('e2e_modify_node', [{ subscription_id: subscriptionId }, { location: 'B' }]);
    // One step at a time, so the second lock reads the first one's commit (run together, the second would fail on
    // the stale version instead: the subscription is never locked twice either way).
    await racing.startWorker({}, 1);
    const outcomes = await waitFor('both processes to stop', async () => {
      const statuses = await Promise.all([a, b].map(async (id) => await raceApi.process(id)));
      return statuses.every((p) => ['completed', 'failed'].includes(p.last_status)) ? statuses : undefined;
    });
    const failed = outcomes.filter((p) => p.last_status === 'failed');
    expect(failed).toHaveLength(1);
    expect(failed[0].last_step).toBe('Lock subscription');
    expect(failed[0].failed_reason).toBe('Subscription is already out of sync, cannot continue!');
  });
});

describe('a failing terminate', () => {
  it('leaves the subscription out of sync until retried', async () => {
    const { subscriptionId } = await createNode('r7');
    const id = await api.start('e2e_terminate_node', [
      { subscription_id: subscriptionId },
      { marker: path.join(wfo.tmp, 'terminate-once') },
    ]);
    await api.waitForStatus(id, 'failed');
    expect((await domainModel(subscriptionId)).insync).toBe(false);
    await api.put(`/api/processes/${id}/resume`, {});
    await api.waitForStatus(id, 'completed');
    expect(await domainModel(subscriptionId)).toMatchObject({ insync: true, status: 'terminated' });
  });
});
