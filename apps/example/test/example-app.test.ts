import path from 'node:path';
import { startWfo, type Wfo } from '../../../test/e2e/harness';
import { client, type Client } from '../../../test/e2e/http-client';

let wfo: Wfo;
let api: Client;

beforeAll(async () => {
  wfo = await startWfo({ workers: 1, app: path.resolve(__dirname, '../src/app.ts') });
  api = client(wfo.url);
}, 60_000);

afterAll(async () => {
  await wfo?.stop();
});

describe('the example application (what the README walks through)', () => {
  it('creates a node, suspends for the NOC, then validates and terminates it', async () => {
    const first = await api.post('/api/processes/create_example_node', []);
    expect(first.status).toBe(510);
    const product = first.body.form.$defs.ProductChoice.enum[0];
    const id = await api.start('create_example_node', [
      { product },
      { customer_id: 'acme', node_name: 'ams-r1', role: 'core', location: 'Amsterdam' },
    ]);
    const suspended = await api.waitForStatus(id, 'suspended');
    expect(suspended.assignee).toBe('NOC');
    expect((await api.put(`/api/processes/${id}/resume`, [{ racked: true }])).status).toBe(204);
    const created = await api.waitForStatus(id, 'completed');
    const subscriptionId = created.current_state.subscription.subscription_id;
    const model = (await api.get(`/api/subscriptions/domain-model/${subscriptionId}`)).body;
    expect(model).toMatchObject({
      status: 'active',
      insync: true,
      vendor: 'generic',
      node: { node_name: 'ams-r1', role: 'core' },
    });
    expect(model.node.loopback.ipv4_address).toMatch(/^10\.255\.\d+\.\d+$/);

    const validation = await api.start('validate_example_node', [{ subscription_id: subscriptionId }]);
    expect((await api.waitForStatus(validation, 'completed')).current_state.loopback_ok).toBe(true);

    const termination = await api.start('terminate_example_node', [{ subscription_id: subscriptionId }]);
    await api.waitForStatus(termination, 'completed');
    expect((await api.get(`/api/subscriptions/domain-model/${subscriptionId}`)).body.status).toBe('terminated');
  });
});
