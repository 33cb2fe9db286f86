// The example's workflows, tested as a workflow author tests theirs: with the testing helpers (no API, no workers)
// and the application's products, against the NMS simulator started in this test.
import {
  FormNotCompleteError,
  FormValidationError,
  testing,
  type State,
  type TestProcess,
  type Workflow,
} from '@wfo/core';
import app from '../src/app';
import { createL2vpn, modifyL2vpn, terminateL2vpn } from '../src/workflows/l2vpn-workflows';
import { createNode, terminateNode, validateNode, modifyNode } from '../src/workflows/node-workflows';
import { createPort, terminatePort } from '../src/workflows/port-workflows';
import { startNmsFixture, type NmsFixture } from './support/nms-fixture';

let fixture: NmsFixture;

beforeAll(async () => {
  fixture = await startNmsFixture();
});

afterAll(async () => {
  await testing.close();
  await fixture?.close();
});

/** The form error a start with these pages gives (a page still to answer, or an answer refused). */
async function formError(wf: Workflow, pages: State[]): Promise<FormNotCompleteError | FormValidationError> {
  try {
    await testing.runWorkflow(wf, pages, { app });
  } catch (err) {
    if (err instanceof FormNotCompleteError || err instanceof FormValidationError) return err;
    throw err;
  }
  throw new Error('The form was complete');
}

async function productOf(wf: Workflow): Promise<string> {
  const err = (await formError(wf, [])) as FormNotCompleteError;
  return (err.form as { $defs: { ProductChoice: { enum: string[] } } }).$defs.ProductChoice.enum[0]!;
}

/** Start a workflow and see it through its callbacks. */
async function run(wf: Workflow, pages: State[]): Promise<TestProcess> {
  return fixture.settle(await testing.runWorkflow(wf, pages, { app }));
}

const subscriptionOf = (p: TestProcess) => p.state.subscription as Record<string, any>;

async function newNode(name: string): Promise<string> {
  const p = await run(createNode, [
    { product: await productOf(createNode) },
    { customer_id: 'acme', node_name: name, role: 'core' },
    { location: 'Amsterdam' },
  ]);
  expect(p.status).toBe('completed');
  return subscriptionOf(p).subscription_id as string;
}

async function newPort(node: string, port_name: string, vlan_mode = 'tagged'): Promise<string> {
  const p = await run(createPort, [
    { product: await productOf(createPort) },
    { customer_id: 'acme', node },
    { port_name, speed: 10_000, vlan_mode },
  ]);
  expect(p.status).toBe('completed');
  return subscriptionOf(p).subscription_id as string;
}

describe('nodes', () => {
  it('are created through the NMS: loopback allocated, device registered and configured (with a callback)', async () => {
    const product = await productOf(createNode);
    const page2 = await formError(createNode, [
      { product },
      { customer_id: 'acme', node_name: 'ams-r1', role: 'core' },
    ]);
    expect((page2 as FormNotCompleteError).form).toMatchObject({ title: 'Where the node is placed' });
    const refused = await formError(createNode, [{ product }, { customer_id: 'acme', node_name: 'AMS R1', role: 'x' }]);
    expect((refused as FormValidationError).errors.map((e) => [e.loc, e.msg])).toEqual([
      [['node_name'], expect.stringContaining('Use 2 to 30 lowercase letters')],
      [['role'], expect.stringContaining("'core', 'edge' or 'access'")],
    ]);

    const started = await testing.runWorkflow(
      createNode,
      [{ product }, { customer_id: 'acme', node_name: 'ams-r1', role: 'core' }, { location: 'Amsterdam' }],
      { app },
    );
    expect(started.status).toBe('awaiting_callback');
    const created = await fixture.settle(started);
    expect(created.status).toBe('completed');
    const node = subscriptionOf(created);
    expect(node).toMatchObject({ status: 'active', insync: true, node: { node_name: 'ams-r1', role: 'core' } });
    expect(node.node.loopback_address).toMatch(/^10\.255\.\d+\.\d+$/);
    expect(fixture.nms.network.device(node.subscription_id as string)).toMatchObject({
      name: 'ams-r1',
      loopback: node.node.loopback_address,
      configuration: { hostname: 'ams-r1', role: 'core' },
    });
  });

  it('are modified with a form prefilled with their current values, and validated against the NMS', async () => {
    const id = await newNode('ams-r2');
    const form = (await formError(modifyNode, [{ subscription_id: id }])) as FormNotCompleteError;
    expect(form.form).toMatchObject({ properties: { role: { default: 'core' }, location: { default: 'Amsterdam' } } });
    const modified = await fixture.settle(
      await testing.runWorkflow(modifyNode, [{ subscription_id: id }, { location: 'Geneva' }], { app }),
    );
    expect(modified.status).toBe('completed');
    expect(subscriptionOf(modified).node).toMatchObject({ role: 'core', location: 'Geneva' });
    expect(fixture.nms.network.device(id).location).toBe('Geneva');

    expect((await testing.runWorkflow(validateNode, [{ subscription_id: id }], { app })).status).toBe('completed');
    fixture.nms.network.device(id).location = 'London'; // someone changed the network behind our back
    const validation = await testing.runWorkflow(validateNode, [{ subscription_id: id }], { app });
    expect(validation.status).toBe('failed');
    expect(validation.state).toMatchObject({
      class: 'InconsistentDataError',
      details: ['location: NMS has "London", subscription "Geneva"'],
    });
  });

  it('wait and are retried when the NMS is unavailable, and a refusal fails the step saying what failed', async () => {
    const product = await productOf(createNode);
    const pages = (name: string) => [
      { product },
      { customer_id: 'acme', node_name: name, role: 'edge' },
      { location: 'Utrecht' },
    ];
    await fixture.faults({ allocation: { fail_next: 1 } });
    const waiting = await testing.runWorkflow(createNode, pages('utr-r1'), { app });
    expect(waiting).toMatchObject({ status: 'waiting', lastStep: 'Allocate a loopback address' });
    expect(waiting.state.error).toMatch(
      /^NMS POST http:\/\/127\.0\.0\.1:\d+\/ipv4\/allocations answered 503: .*simulated allocation failure/,
    );
    expect(waiting.state.status_code).toBe(503);
    expect((await fixture.settle(await testing.resumeWorkflow(waiting))).status).toBe('completed');

    // A device of that name exists already in the NMS: 409, a plain step fails and waits for a person.
    const clash = await testing.runWorkflow(createNode, pages('utr-r1'), { app });
    expect(clash).toMatchObject({ status: 'failed', lastStep: 'Register the device in the NMS' });
    expect(clash.failedReason).toMatch(
      /^NMS PUT http:\/\/127\.0\.0\.1:\d+\/devices\/[0-9a-f-]+ answered 409: \{"detail":"A device named utr-r1 exists already/,
    );
    expect(clash.state).toMatchObject({ class: 'NmsError', status_code: 409 });
  });

  it('fail at the configuration step when the NMS reports a failed job, and a retry sends it again', async () => {
    const product = await productOf(createNode);
    await fixture.faults({ configuration: { fail_next: 1 } });
    const failed = await run(createNode, [
      { product },
      { customer_id: 'acme', node_name: 'ein-r1', role: 'access' },
      { location: 'Eindhoven' },
    ]);
    expect(failed).toMatchObject({ status: 'failed', lastStep: 'Configure the device: check the result' });
    expect(failed.failedReason).toMatch(
      /^The NMS could not configure device [0-9a-f-]+: Device rejected the configuration/,
    );
    const retried = await fixture.settle(await testing.resumeWorkflow(failed));
    expect(retried.status).toBe('completed');
    expect(retried.log.map((r) => r.name)).toContain('Configure the device');
  });
});

describe('ports and L2VPNs', () => {
  let node: string;
  let ports: string[];

  beforeAll(async () => {
    node = await newNode('gva-r1');
    ports = [
      await newPort(node, 'et-0/0/1'),
      await newPort(node, 'et-0/0/2'),
      await newPort(node, 'et-0/0/3', 'untagged'),
    ];
  });

  it('choose the node of a port among the active nodes', async () => {
    const product = await productOf(createPort);
    const page = (await formError(createPort, [{ product }])) as FormNotCompleteError;
    const choices = (page.form as any).$defs.NodeChoice;
    expect(choices.enum).toContain(node);
    expect(choices.options[node]).toBe('Node gva-r1');
    const refused = (await formError(createPort, [
      { product },
      { customer_id: 'acme', node: '6b0f2a1e-0000-4000-8000-000000000000' },
    ])) as FormValidationError;
    expect(refused.errors[0]).toMatchObject({
      loc: ['node'],
      msg: expect.stringContaining('Choose one of the listed'),
    });
    const port = subscriptionOf(
      await run(createPort, [
        { product },
        { customer_id: 'acme', node },
        { port_name: 'et-0/0/9', speed: 1000, vlan_mode: 'tagged' },
      ]),
    );
    expect(port.port.node).toMatchObject({ owner_subscription_id: node, node_name: 'gva-r1' });
    expect(fixture.nms.network.interface(port.subscription_id as string)).toMatchObject({
      device_id: node,
      name: 'et-0/0/9',
    });
  });

  it('create an L2VPN from free ports of one VLAN mode, with clear errors otherwise; the ports are then in use', async () => {
    const product = await productOf(createL2vpn);
    const start = [{ product }, { customer_id: 'acme', nodes: [node] }];
    const portPage = (await formError(createL2vpn, start)) as FormNotCompleteError;
    expect((portPage.form as any).$defs.PortChoice.enum).toEqual(expect.arrayContaining(ports));
    const one = (await formError(createL2vpn, [...start, { ports: [ports[0]] }])) as FormValidationError;
    expect(one.errors).toEqual([expect.objectContaining({ loc: ['ports'], msg: 'Choose at least two ports' })]);
    const mixed = (await formError(createL2vpn, [...start, { ports: [ports[0], ports[2]] }])) as FormValidationError;
    expect(mixed.errors[0]!.msg).toMatch(
      /^All ports of an L2VPN need the same VLAN mode: Port et-0\/0\/1 on gva-r1 is tagged, Port et-0\/0\/3 on gva-r1 is untagged/,
    );
    const tooFast = (await formError(createL2vpn, [
      ...start,
      { ports: ports.slice(0, 2) },
      { speed: 40_000 },
    ])) as FormValidationError;
    expect(tooFast.errors[0]!.msg).toBe('The service speed cannot exceed the slowest chosen port (10000 Mbit/s)');

    const created = await run(createL2vpn, [...start, { ports: ports.slice(0, 2) }, { vlan_id: 300, speed: 1000 }]);
    expect(created.status).toBe('completed');
    const l2vpn = subscriptionOf(created);
    expect(l2vpn.l2vpn).toMatchObject({ vlan_id: 300, speed: 1000 });
    expect(fixture.nms.network.service(l2vpn.subscription_id as string)).toMatchObject({
      vlan_id: 300,
      interface_ids: ports.slice(0, 2),
      configuration: { vlan_id: 300 },
    });
    // The ports it uses are no longer offered, and cannot be terminated while it is active.
    const again = (await formError(createL2vpn, start)) as FormNotCompleteError;
    expect((again.form as any).$defs.PortChoice?.enum ?? []).not.toContain(ports[0]);
    const refused = (await formError(terminatePort, [{ subscription_id: ports[0]! }])) as FormValidationError;
    expect(refused.errors[0]).toMatchObject({
      loc: expect.arrayContaining(['subscription_id']),
      msg: expect.stringContaining('This subscription can not be modified as it is used in other subscriptions'),
    });
    const nodeRefused = (await formError(terminateNode, [{ subscription_id: node }])) as FormValidationError;
    expect(nodeRefused.errors[0]!.msg).toContain('used in other subscriptions');

    // Modify: the form opens with the current values; a new VLAN is reserved and the previous one released.
    const modifyForm = (await formError(modifyL2vpn, [
      { subscription_id: l2vpn.subscription_id },
    ])) as FormNotCompleteError;
    expect(modifyForm.form).toMatchObject({ properties: { vlan_id: { default: 300 }, speed: { default: 1000 } } });
    const modified = await run(modifyL2vpn, [{ subscription_id: l2vpn.subscription_id }, { vlan_id: 301 }]);
    expect(modified.status).toBe('completed');
    expect(subscriptionOf(modified).l2vpn.vlan_id).toBe(301);
    expect(fixture.nms.network.inventory().vlan_allocations).toEqual([{ vlan_id: 301, owner: l2vpn.subscription_id }]);

    // Terminate the L2VPN: then the port can go.
    expect((await run(terminateL2vpn, [{ subscription_id: l2vpn.subscription_id }])).status).toBe('completed');
    const port = await run(terminatePort, [{ subscription_id: ports[0]! }]);
    expect(port.status).toBe('completed');
    expect(subscriptionOf(port).status).toBe('terminated');
    expect(() => fixture.nms.network.interface(ports[0]!)).toThrow('does not exist');
  });
});
