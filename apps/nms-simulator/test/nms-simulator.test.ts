import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { configFromEnv } from '../src/simulator-config';
import { startSimulator, type RunningSimulator } from '../src/simulator-server';

/** A stand-in orchestrator that records the callbacks the simulator posts. */
async function callbackReceiver(
  answer = 204,
): Promise<{ url: string; calls: Array<{ path: string; body: any }>; server: Server }> {
  const calls: Array<{ path: string; body: any }> = [];
  const server = createServer((req, res) => {
    let data = '';
    req.on('data', (chunk) => (data += chunk));
    req.on('end', () => {
      calls.push({ path: req.url ?? '', body: JSON.parse(data) });
      res.writeHead(answer).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, calls, server };
}

async function call(sim: RunningSimulator, method: string, path: string, body?: unknown) {
  const response = await fetch(`${sim.url}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

async function until<T>(check: () => T | undefined, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const baseConfig = () => ({ ...configFromEnv({ NMS_PORT: '0', NMS_CONFIGURATION_MS: '50' }) });

describe('the NMS simulator', () => {
  let sim: RunningSimulator;
  afterEach(async () => sim?.close());

  it('keeps devices, interfaces and services, refusing what the network forbids with 404/409', async () => {
    sim = await startSimulator(baseConfig());
    const device = { name: 'ams-r1', role: 'core', location: 'Amsterdam', loopback: null };
    expect((await call(sim, 'PUT', '/devices/d1', device)).status).toBe(201);
    expect((await call(sim, 'PUT', '/devices/d1', device)).status).toBe(200); // idempotent
    expect(await call(sim, 'PUT', '/devices/d2', device)).toMatchObject({
      status: 409,
      body: { detail: 'A device named ams-r1 exists already (d1)' },
    });
    const port = (n: string) => ({ device_id: 'd1', name: n, speed: 10_000, vlan_mode: 'tagged' });
    expect((await call(sim, 'PUT', '/interfaces/i1', port('et-0/0/1'))).status).toBe(201);
    expect((await call(sim, 'PUT', '/interfaces/i2', port('et-0/0/2'))).status).toBe(201);
    expect((await call(sim, 'PUT', '/interfaces/i3', { ...port('x'), device_id: 'nope' })).status).toBe(404);
    expect(
      (await call(sim, 'PUT', '/services/s1', { vlan_id: 200, speed: 1000, interface_ids: ['i1', 'i2'] })).body,
    ).toEqual({ detail: 'VLAN 200 is not reserved for service s1: allocate it first', status: 409 });
    expect((await call(sim, 'POST', '/vlans/allocations', { owner: 's1', vlan_id: 200 })).status).toBe(201);
    expect((await call(sim, 'POST', '/vlans/allocations', { owner: 's2', vlan_id: 200 })).body.detail).toBe(
      'VLAN 200 is in use by s1',
    );
    expect(
      (await call(sim, 'PUT', '/services/s1', { vlan_id: 200, speed: 1000, interface_ids: ['i1', 'i2'] })).status,
    ).toBe(201);
    expect((await call(sim, 'DELETE', '/interfaces/i1')).status).toBe(409);
    expect((await call(sim, 'DELETE', '/devices/d1')).status).toBe(409);
    expect((await call(sim, 'DELETE', '/services/s1')).status).toBe(204);
    expect((await call(sim, 'DELETE', '/interfaces/i1')).status).toBe(204);
    expect((await call(sim, 'PUT', '/devices/d1', { name: '' })).status).toBe(422);
    expect((await call(sim, 'GET', '/nowhere')).status).toBe(404);
  });

  it('allocates IPv4 addresses and VLANs per owner, idempotently', async () => {
    sim = await startSimulator(baseConfig());
    const first = await call(sim, 'POST', '/ipv4/allocations', { owner: 'a' });
    expect(first).toEqual({ status: 201, body: { owner: 'a', address: '10.255.0.1' } });
    expect((await call(sim, 'POST', '/ipv4/allocations', { owner: 'a' })).body.address).toBe('10.255.0.1');
    expect((await call(sim, 'POST', '/ipv4/allocations', { owner: 'b' })).body.address).toBe('10.255.0.2');
    expect((await call(sim, 'POST', '/vlans/allocations', { owner: 'x' })).body.vlan_id).toBe(100);
    expect((await call(sim, 'POST', '/vlans/allocations', { owner: 'x' })).body.vlan_id).toBe(100);
    expect((await call(sim, 'DELETE', '/vlans/allocations/100/y')).status).toBe(409);
    expect((await call(sim, 'DELETE', '/vlans/allocations/100/x')).status).toBe(204);
    expect((await call(sim, 'DELETE', '/ipv4/allocations/a')).status).toBe(204);
    expect((await call(sim, 'GET', '/inventory')).body.ipv4_allocations).toEqual([
      { owner: 'b', address: '10.255.0.2' },
    ]);
  });

  it('runs a configuration job: progress half-way, then the callback, and the device has the configuration', async () => {
    const orchestrator = await callbackReceiver();
    sim = await startSimulator(baseConfig());
    await call(sim, 'PUT', '/devices/d1', { name: 'r1', role: 'core', location: 'x' });
    const callback_url = `${orchestrator.url}/api/processes/p/callback/t`;
    const accepted = await call(sim, 'POST', '/configurations', {
      target: { kind: 'device', id: 'd1' },
      configuration: { hostname: 'r1' },
      callback_url,
    });
    expect(accepted).toMatchObject({ status: 202, body: { status: 'running' } });
    await until(() => (orchestrator.calls.length === 2 ? true : undefined));
    expect(orchestrator.calls).toEqual([
      {
        path: '/api/processes/p/callback/t/progress',
        body: expect.objectContaining({ job_id: accepted.body.job_id, percent: 50 }),
      },
      { path: '/api/processes/p/callback/t', body: { job_id: accepted.body.job_id, status: 'completed' } },
    ]);
    expect((await call(sim, 'GET', '/devices/d1')).body.configuration).toEqual({ hostname: 'r1' });
    expect((await call(sim, 'GET', `/configurations/${accepted.body.job_id}`)).body).toMatchObject({
      status: 'completed',
      callback_delivered: true,
    });
    orchestrator.server.close();
  });

  it('fails calls as configured, and an admin call makes the next configuration fail', async () => {
    const orchestrator = await callbackReceiver();
    const config = configFromEnv({ NMS_PORT: '0', NMS_CONFIGURATION_MS: '20', NMS_INVENTORY_FAILURE_RATE: '0.5' });
    expect(config.faults.inventory.failureRate).toBe(0.5);
    expect(config.faults.allocation.failureRate).toBe(0);
    const randoms = [0.4, 0.6];
    sim = await startSimulator(config, { random: () => randoms.shift() ?? 0.9 });
    const device = { name: 'r1', role: 'core', location: 'x' };
    expect(await call(sim, 'PUT', '/devices/d1', device)).toEqual({
      status: 503,
      body: { detail: 'NMS temporarily unavailable (simulated inventory failure)', status: 503 },
    });
    expect((await call(sim, 'PUT', '/devices/d1', device)).status).toBe(201);

    const faults = await call(sim, 'PUT', '/admin/faults', {
      inventory: { failure_rate: 0 },
      configuration: { fail_next: 1, latency_ms: 5 },
    });
    expect(faults.body).toMatchObject({ configuration: { fail_next: 1, latency_ms: 5, failure_rate: 0 } });
    expect((await call(sim, 'PUT', '/admin/faults', { configuration: { failure_rate: 2 } })).status).toBe(422);
    const start = () =>
      call(sim, 'POST', '/configurations', {
        target: { kind: 'device', id: 'd1' },
        configuration: {},
        callback_url: `${orchestrator.url}/cb`,
      });
    const failing = await start();
    const passing = await start();
    await until(() => (orchestrator.calls.filter((c) => c.path === '/cb').length === 2 ? true : undefined));
    const results = orchestrator.calls.filter((c) => c.path === '/cb').map((c) => c.body);
    expect(results).toContainEqual({
      job_id: failing.body.job_id,
      status: 'failed',
      error: 'Device rejected the configuration of device d1 (simulated failure)',
    });
    expect(results).toContainEqual({ job_id: passing.body.job_id, status: 'completed' });
    orchestrator.server.close();
  });

  it('reports every bad setting at start', () => {
    expect(() => configFromEnv({ NMS_FAILURE_RATE: '3', NMS_VLAN_RANGE: 'abc' })).toThrow(
      /NMS_FAILURE_RATE: .*; NMS_VLAN_RANGE: expected "<first>-<last>"/,
    );
  });
});
