// The example orchestrator end to end (issue 8's must-show): `wfo api` and `wfo worker` processes of apps/example
// and the NMS simulator, driven over HTTP only. First the whole story on a reliable NMS; then the same on an NMS
// that fails 30 % of its calls, where every process still completes through automatic and API retries, and the
// NMS's inventory ends as the subscriptions say.
import { startExampleStack, type ExampleStack } from './example-stack';
import { waitFor } from './harness';
import { client, type Client } from './http-client';

let stack: ExampleStack;
let api: Client;
let nmsUrl: string;

beforeAll(async () => {
  stack = await startExampleStack({ workers: 2, nmsEnv: { NMS_CONFIGURATION_MS: '200' } });
  api = client(stack.wfo.url);
  nmsUrl = stack.nms.url;
}, 90_000);

afterAll(() => stack?.stop());

async function nms(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${nmsUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return response.json();
}

const products = new Map<string, string>();
async function productFor(workflowKey: string): Promise<string> {
  if (!products.has(workflowKey)) {
    const first = await api.post(`/api/processes/${workflowKey}`, []);
    expect(first.status).toBe(510);
    products.set(workflowKey, first.body.form.$defs.ProductChoice.enum[0] as string);
  }
  return products.get(workflowKey)!;
}

const retries = { api: 0, waiting: 0 };

/**
 * Follow a process to `completed`: a `waiting` one is retried automatically by the workers (and by us when it has
 * waited long), a `failed` one through the API, as an operator would.
 */
async function completed(id: string, timeoutMs = 120_000): Promise<any> {
  let waitingSince: number | null = null;
  return waitFor(
    `process ${id} to complete`,
    async () => {
      const p = (await api.get(`/api/processes/${id}`)).body;
      if (p.last_status === 'completed') return p;
      if (p.last_status === 'failed') {
        retries.api += 1;
        expect((await api.put(`/api/processes/${id}/resume`, {})).status).toBe(204);
      }
      if (p.last_status === 'waiting') {
        waitingSince ??= Date.now();
        // The workers retry it with backoff; after their attempts it waits for a person (or the resume task).
        if (Date.now() - waitingSince > 3_000) {
          retries.waiting += 1;
          waitingSince = null;
          await api.put(`/api/processes/${id}/resume`, {});
        }
      } else waitingSince = null;
      await new Promise((resolve) => setTimeout(resolve, 100));
      return undefined;
    },
    timeoutMs,
  );
}

async function run(workflowKey: string, pages: unknown[]): Promise<any> {
  const started = await api.post(`/api/processes/${workflowKey}`, pages);
  expect({ workflowKey, status: started.status, body: started.body }).toMatchObject({ status: 201 });
  return completed(started.body.id as string);
}

const subscriptionIdOf = (p: any) => p.current_state.subscription.subscription_id as string;

async function createNode(name: string): Promise<string> {
  return subscriptionIdOf(
    await run('create_node', [
      { product: await productFor('create_node') },
      { customer_id: 'acme', node_name: name, role: 'core' },
      { location: 'Amsterdam' },
    ]),
  );
}

async function createPort(node: string, port_name: string): Promise<string> {
  return subscriptionIdOf(
    await run('create_port', [
      { product: await productFor('create_port') },
      { customer_id: 'acme', node },
      { port_name, speed: 10_000, vlan_mode: 'tagged' },
    ]),
  );
}

async function createL2vpn(nodes: string[], ports: string[], vlan_id: number): Promise<string> {
  return subscriptionIdOf(
    await run('create_l2vpn', [
      { product: await productFor('create_l2vpn') },
      { customer_id: 'acme', nodes },
      { ports },
      { vlan_id, speed: 1_000 },
    ]),
  );
}

describe('the example network over HTTP (wfo api, wfo worker, the NMS simulator)', () => {
  it('node, two ports, an L2VPN completed by its callback; modify it; a used port is refused; then terminate', async () => {
    const node = await createNode('ams-r1');
    const ports = [await createPort(node, 'et-0/0/1'), await createPort(node, 'et-0/0/2')];

    const started = await api.post('/api/processes/create_l2vpn', [
      { product: await productFor('create_l2vpn') },
      { customer_id: 'acme', nodes: [node] },
      { ports },
      { vlan_id: 300, speed: 1_000 },
    ]);
    // The NMS configures the service, then calls the process back.
    const awaiting = await api.waitForStatus(started.body.id as string, 'awaiting_callback');
    expect(awaiting.last_step).toBe('Configure the service - Await callback');
    const created = await completed(started.body.id as string);
    const l2vpn = subscriptionIdOf(created);
    expect(created.steps.map((s: { name: string }) => s.name)).toContain('Configure the service');
    const job = (await nms('GET', '/configurations')).find((j: { target: { id: string } }) => j.target.id === l2vpn);
    expect(job).toMatchObject({ status: 'completed', callback_delivered: true });
    expect((await api.get(`/api/subscriptions/domain-model/${l2vpn}`)).body).toMatchObject({
      status: 'active',
      insync: true,
      l2vpn: { vlan_id: 300, speed: 1000, ports: [{ port_name: 'et-0/0/1' }, { port_name: 'et-0/0/2' }] },
    });

    const modifyForm = await api.post('/api/processes/modify_l2vpn', [{ subscription_id: l2vpn }]);
    expect(modifyForm.status).toBe(510);
    expect(modifyForm.body.form.properties.vlan_id.default).toBe(300);
    await run('modify_l2vpn', [{ subscription_id: l2vpn }, { vlan_id: 301, speed: 2_000 }]);
    expect((await nms('GET', `/services/${l2vpn}`)).vlan_id).toBe(301);

    const refused = await api.post('/api/processes/terminate_port', [{ subscription_id: ports[0] }]);
    expect(refused.status).toBe(400);
    expect(refused.body.validation_errors[0].msg).toBe(
      'This workflow cannot be started: This subscription can not be modified as it is used in other subscriptions',
    );

    await run('terminate_l2vpn', [{ subscription_id: l2vpn }]);
    await run('terminate_port', [{ subscription_id: ports[0] }]);
    expect((await api.get(`/api/subscriptions/domain-model/${ports[0]}`)).body.status).toBe('terminated');
    expect((await nms('GET', '/inventory')).services).toEqual([]);
  }, 120_000);

  it('with 30 % of the NMS calls failing, every process completes after retries, and the NMS matches', async () => {
    const faults = { failure_rate: 0.3 };
    await nms('PUT', '/admin/faults', { inventory: faults, allocation: faults, configuration: faults });
    retries.api = 0;
    retries.waiting = 0;

    const nodes = await Promise.all(['utr-r1', 'utr-r2'].map((name) => createNode(name)));
    const ports = await Promise.all(
      nodes.flatMap((node) => ['et-0/1/1', 'et-0/1/2'].map((name) => createPort(node, name))),
    );
    const first = await createL2vpn(nodes, [ports[0]!, ports[2]!], 400);
    const second = await createL2vpn(nodes, [ports[1]!, ports[3]!], 401);
    await run('modify_l2vpn', [{ subscription_id: first }, { vlan_id: 402 }]);
    await run('terminate_l2vpn', [{ subscription_id: second }]);
    await run('terminate_port', [{ subscription_id: ports[1] }]);
    // The failures happened, and were retried away.
    expect(retries.api + retries.waiting).toBeGreaterThan(0);
    await nms('PUT', '/admin/faults', { inventory: { failure_rate: 0 }, allocation: { failure_rate: 0 } });

    const processes = (await api.get('/api/processes')).body as Array<{ last_status: string; is_task: boolean }>;
    expect(processes.filter((p) => !p.is_task).map((p) => p.last_status)).toEqual(
      processes.filter((p) => !p.is_task).map(() => 'completed'),
    );

    // The NMS's inventory is what the subscriptions say: every active one there, nothing else.
    const subscriptions = (await api.get('/api/subscriptions')).body as Array<{
      subscription_id: string;
      status: string;
      product: { name: string };
    }>;
    const active = (name: string) =>
      subscriptions.filter((s) => s.status === 'active' && s.product.name === name).map((s) => s.subscription_id);
    const inventory = await nms('GET', '/inventory');
    const ids = (items: Array<Record<string, string>>, key: string) => items.map((i) => i[key]).sort();
    expect(ids(inventory.devices, 'device_id')).toEqual(active('Node').sort());
    expect(ids(inventory.interfaces, 'interface_id')).toEqual(active('Port').sort());
    expect(ids(inventory.services, 'service_id')).toEqual(active('L2VPN').sort());
    expect(ids(inventory.ipv4_allocations, 'owner')).toEqual(active('Node').sort());
    expect(inventory.vlan_allocations.map((v: { owner: string }) => v.owner).sort()).toEqual(active('L2VPN').sort());
    for (const id of active('L2VPN')) {
      const model = (await api.get(`/api/subscriptions/domain-model/${id}`)).body;
      const service = inventory.services.find((s: { service_id: string }) => s.service_id === id);
      expect(service).toMatchObject({
        vlan_id: model.l2vpn.vlan_id,
        interface_ids: model.l2vpn.ports.map((p: { owner_subscription_id: string }) => p.owner_subscription_id),
        configuration: { vlan_id: model.l2vpn.vlan_id },
      });
    }
    for (const id of active('Node')) {
      const model = (await api.get(`/api/subscriptions/domain-model/${id}`)).body;
      const device = inventory.devices.find((d: { device_id: string }) => d.device_id === id);
      expect(device).toMatchObject({ name: model.node.node_name, loopback: model.node.loopback_address });
    }
  }, 240_000);
});
