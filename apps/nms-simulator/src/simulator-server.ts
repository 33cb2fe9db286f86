import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { ConfigurationJobs, postJson, type JobTiming } from './configuration-jobs';
import {
  applyFaultPatch,
  faultSettingsJson,
  faultSettingsPatch,
  shouldFail,
  type CallType,
  type FaultSettings,
} from './fault-settings';
import { Network } from './network';
import { NmsHttpError } from './nms-error';
import type { SimulatorConfig } from './simulator-config';

const name = z.string().min(1).max(100);
const deviceBody = z.object({ name, role: name, location: name, loopback: z.ipv4().nullable().default(null) }).strict();
const interfaceBody = z
  .object({ device_id: name, name, speed: z.number().int().positive(), vlan_mode: z.enum(['untagged', 'tagged']) })
  .strict();
const serviceBody = z
  .object({
    vlan_id: z.number().int().min(1).max(4094),
    speed: z.number().int().positive(),
    interface_ids: z.array(name).min(2),
  })
  .strict();
const ipv4Body = z.object({ owner: name }).strict();
const vlanBody = z.object({ owner: name, vlan_id: z.number().int().min(1).max(4094).optional() }).strict();
const configurationBody = z
  .object({
    target: z.object({ kind: z.enum(['device', 'interface', 'service']), id: name }).strict(),
    configuration: z.record(z.string(), z.unknown()),
    callback_url: z.url({ protocol: /^https?$/ }),
  })
  .strict();

interface Route {
  readonly method: string;
  readonly pattern: RegExp;
  /** Which latency and failure settings apply; none for the admin and health endpoints. */
  readonly callType?: CallType;
  readonly handle: (params: string[], body: unknown) => { status: number; body?: unknown };
}

export interface RunningSimulator {
  readonly url: string;
  readonly network: Network;
  readonly faults: FaultSettings;
  close(): Promise<void>;
}

export interface SimulatorOptions {
  /** Decides injected failures; a parameter so tests can decide. @defaultValue Math.random */
  readonly random?: () => number;
  readonly post?: (url: string, body: unknown) => Promise<number>;
  readonly log?: (line: string) => void;
}

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ');
    throw new NmsHttpError(422, `Invalid request body: ${problems}`);
  }
  return parsed.data;
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > 1_000_000) throw new NmsHttpError(413, 'Request body larger than 1 MB');
    chunks.push(chunk as Buffer);
  }
  if (size === 0) return undefined;
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new NmsHttpError(400, 'The request body is not JSON');
  }
}

function send(res: ServerResponse, status: number, body?: unknown): void {
  if (body === undefined) {
    res.writeHead(status).end();
    return;
  }
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Start the simulator's HTTP API (see the README for its endpoints). */
export async function startSimulator(config: SimulatorConfig, opts: SimulatorOptions = {}): Promise<RunningSimulator> {
  const random = opts.random ?? Math.random;
  const log = opts.log ?? (() => undefined);
  const network = new Network(config.ipv4Pool, config.vlanRange);
  const faults: FaultSettings = structuredClone(config.faults);
  let configurationMs = config.configurationMs;
  const timing = (): JobTiming => ({ durationMs: configurationMs, callbackRetryMs: 500, callbackAttempts: 10 });
  const jobs = new ConfigurationJobs(network, timing, opts.post ?? postJson);
  const created = (result: { created: boolean }, body: unknown) => ({ status: result.created ? 201 : 200, body });

  const routes: Route[] = [
    { method: 'GET', pattern: /^\/health$/, handle: () => ({ status: 200, body: { status: 'ok' } }) },
    {
      method: 'GET',
      pattern: /^\/admin\/faults$/,
      handle: () => ({ status: 200, body: { ...faultSettingsJson(faults), configuration_ms: configurationMs } }),
    },
    {
      method: 'PUT',
      pattern: /^\/admin\/faults$/,
      handle: (_p, body) => {
        const { configuration_ms, ...patch } = parse(
          faultSettingsPatch.extend({ configuration_ms: z.number().int().min(0).max(3_600_000).optional() }),
          body,
        );
        applyFaultPatch(faults, patch);
        if (configuration_ms !== undefined) configurationMs = configuration_ms;
        log(`faults now ${JSON.stringify(faultSettingsJson(faults))}, configuration ${configurationMs} ms`);
        return { status: 200, body: { ...faultSettingsJson(faults), configuration_ms: configurationMs } };
      },
    },
    { method: 'GET', pattern: /^\/inventory$/, handle: () => ({ status: 200, body: network.inventory() }) },
    {
      method: 'PUT',
      pattern: /^\/devices\/([^/]+)$/,
      callType: 'inventory',
      handle: ([id], body) => {
        const result = network.putDevice(id!, parse(deviceBody, body));
        return created(result, result.device);
      },
    },
    {
      method: 'GET',
      pattern: /^\/devices\/([^/]+)$/,
      callType: 'inventory',
      handle: ([id]) => ({ status: 200, body: network.device(id!) }),
    },
    {
      method: 'DELETE',
      pattern: /^\/devices\/([^/]+)$/,
      callType: 'inventory',
      handle: ([id]) => (network.deleteDevice(id!), { status: 204 }),
    },
    {
      method: 'PUT',
      pattern: /^\/interfaces\/([^/]+)$/,
      callType: 'inventory',
      handle: ([id], body) => {
        const result = network.putInterface(id!, parse(interfaceBody, body));
        return created(result, result.interface);
      },
    },
    {
      method: 'GET',
      pattern: /^\/interfaces\/([^/]+)$/,
      callType: 'inventory',
      handle: ([id]) => ({ status: 200, body: network.interface(id!) }),
    },
    {
      method: 'DELETE',
      pattern: /^\/interfaces\/([^/]+)$/,
      callType: 'inventory',
      handle: ([id]) => (network.deleteInterface(id!), { status: 204 }),
    },
    {
      method: 'PUT',
      pattern: /^\/services\/([^/]+)$/,
      callType: 'inventory',
      handle: ([id], body) => {
        const result = network.putService(id!, parse(serviceBody, body));
        return created(result, result.service);
      },
    },
    {
      method: 'GET',
      pattern: /^\/services\/([^/]+)$/,
      callType: 'inventory',
      handle: ([id]) => ({ status: 200, body: network.service(id!) }),
    },
    {
      method: 'DELETE',
      pattern: /^\/services\/([^/]+)$/,
      callType: 'inventory',
      handle: ([id]) => (network.deleteService(id!), { status: 204 }),
    },
    {
      method: 'POST',
      pattern: /^\/ipv4\/allocations$/,
      callType: 'allocation',
      handle: (_p, body) => {
        const { owner } = parse(ipv4Body, body);
        const result = network.allocateIpv4(owner);
        return created(result, { owner, address: result.address });
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/ipv4\/allocations\/([^/]+)$/,
      callType: 'allocation',
      handle: ([owner]) => (network.releaseIpv4(owner!), { status: 204 }),
    },
    {
      method: 'POST',
      pattern: /^\/vlans\/allocations$/,
      callType: 'allocation',
      handle: (_p, body) => {
        const { owner, vlan_id } = parse(vlanBody, body);
        const result = network.allocateVlan(owner, vlan_id);
        return created(result, { owner, vlan_id: result.vlan_id });
      },
    },
    {
      method: 'DELETE',
      pattern: /^\/vlans\/allocations\/(\d+)\/([^/]+)$/,
      callType: 'allocation',
      handle: ([vlan, owner]) => (network.releaseVlan(Number(vlan), owner!), { status: 204 }),
    },
    {
      method: 'POST',
      pattern: /^\/configurations$/,
      callType: 'configuration',
      handle: (_p, body) => {
        // A configuration's injected failure is reported by the job's callback, not by this answer.
        const job = jobs.start(parse(configurationBody, body), shouldFail(faults.configuration, random));
        log(`configuration job ${job.job_id} for ${job.target.kind} ${job.target.id} accepted`);
        return { status: 202, body: job };
      },
    },
    {
      method: 'GET',
      pattern: /^\/configurations$/,
      handle: () => ({ status: 200, body: jobs.list() }),
    },
    {
      method: 'GET',
      pattern: /^\/configurations\/([^/]+)$/,
      handle: ([id]) => {
        const job = jobs.job(id!);
        if (!job) throw new NmsHttpError(404, `Configuration job ${id} does not exist`);
        return { status: 200, body: job };
      },
    },
  ];

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const path = new URL(req.url ?? '/', 'http://nms').pathname;
    const candidates = routes.filter((r) => r.pattern.test(path));
    const route = candidates.find((r) => r.method === req.method);
    if (!route) {
      if (candidates.length > 0) throw new NmsHttpError(405, `${req.method} is not allowed on ${path}`);
      throw new NmsHttpError(404, `No such endpoint: ${req.method} ${path}`);
    }
    const body = await readJson(req);
    if (route.callType) {
      const callFaults = faults[route.callType];
      if (callFaults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, callFaults.latencyMs));
      // Configuration jobs fail through their callback (decided in the route); other calls answer 503 here.
      if (route.callType !== 'configuration' && shouldFail(callFaults, random)) {
        throw new NmsHttpError(503, `NMS temporarily unavailable (simulated ${route.callType} failure)`);
      }
    }
    const params = route.pattern.exec(path)!.slice(1).map(decodeURIComponent);
    const result = route.handle(params, body);
    send(res, result.status, result.body);
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      const status = err instanceof NmsHttpError ? err.status : 500;
      const detail = err instanceof Error ? err.message : String(err);
      log(`${req.method} ${req.url} -> ${status} ${detail}`);
      if (!res.headersSent) send(res, status, { detail, status });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port, config.host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${config.host}:${address.port}`,
    network,
    faults,
    close: async () => {
      jobs.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
