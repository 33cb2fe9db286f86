import { NmsHttpError } from './nms-error';

export interface Device {
  readonly device_id: string;
  name: string;
  role: string;
  location: string;
  loopback: string | null;
  /** The configuration a finished job applied last (null: never configured). */
  configuration: Record<string, unknown> | null;
}

export interface Interface {
  readonly interface_id: string;
  readonly device_id: string;
  name: string;
  speed: number;
  vlan_mode: string;
  configuration: Record<string, unknown> | null;
}

export interface Service {
  readonly service_id: string;
  vlan_id: number;
  speed: number;
  interface_ids: string[];
  configuration: Record<string, unknown> | null;
}

export type ConfigurationTarget = { kind: 'device' | 'interface' | 'service'; id: string };

const notFound = (what: string, id: string) => new NmsHttpError(404, `${what} ${id} does not exist`);

function ipv4ToNumber(address: string): number {
  return address.split('.').reduce((n, part) => n * 256 + Number(part), 0);
}

function numberToIpv4(n: number): string {
  return [24, 16, 8, 0].map((shift) => Math.floor(n / 2 ** shift) % 256).join('.');
}

/**
 * The network as the NMS knows it, in memory: devices with their interfaces, services (L2VPNs) over interfaces,
 * a pool of IPv4 addresses and a pool of VLAN ids. Writes are idempotent where a client may repeat them after a
 * timeout (PUT by the client's id, allocations by owner), and refused with 404/409 where the network forbids them.
 */
export class Network {
  private readonly devices = new Map<string, Device>();
  private readonly interfaces = new Map<string, Interface>();
  private readonly services = new Map<string, Service>();
  /** owner → address */
  private readonly ipv4 = new Map<string, string>();
  /** VLAN id → owner */
  private readonly vlans = new Map<number, string>();
  private readonly ipv4First: number;
  private readonly ipv4Size: number;

  constructor(
    ipv4Pool: string,
    private readonly vlanRange: readonly [number, number],
  ) {
    const [base, bits] = ipv4Pool.split('/') as [string, string];
    this.ipv4Size = 2 ** (32 - Number(bits));
    this.ipv4First = ipv4ToNumber(base) - (ipv4ToNumber(base) % this.ipv4Size);
  }

  // Devices

  putDevice(id: string, input: Omit<Device, 'device_id' | 'configuration'>): { device: Device; created: boolean } {
    for (const other of this.devices.values()) {
      if (other.device_id !== id && other.name === input.name)
        throw new NmsHttpError(409, `A device named ${input.name} exists already (${other.device_id})`);
    }
    const existing = this.devices.get(id);
    if (existing) {
      Object.assign(existing, input);
      return { device: existing, created: false };
    }
    const device: Device = { device_id: id, ...input, configuration: null };
    this.devices.set(id, device);
    return { device, created: true };
  }

  device(id: string): Device {
    const device = this.devices.get(id);
    if (!device) throw notFound('Device', id);
    return device;
  }

  deleteDevice(id: string): void {
    this.device(id);
    const ports = [...this.interfaces.values()].filter((i) => i.device_id === id);
    if (ports.length > 0) {
      throw new NmsHttpError(
        409,
        `Device ${id} still has interfaces (${ports.map((p) => p.name).join(', ')}): remove them first`,
      );
    }
    this.devices.delete(id);
  }

  // Interfaces

  putInterface(
    id: string,
    input: Omit<Interface, 'interface_id' | 'configuration'>,
  ): { interface: Interface; created: boolean } {
    this.device(input.device_id);
    for (const other of this.interfaces.values()) {
      if (other.interface_id !== id && other.device_id === input.device_id && other.name === input.name) {
        throw new NmsHttpError(409, `Device ${input.device_id} has an interface ${input.name} already`);
      }
    }
    const existing = this.interfaces.get(id);
    if (existing) {
      if (existing.device_id !== input.device_id)
        throw new NmsHttpError(409, `Interface ${id} is on device ${existing.device_id}; it cannot move`);
      Object.assign(existing, input);
      return { interface: existing, created: false };
    }
    const created: Interface = { interface_id: id, ...input, configuration: null };
    this.interfaces.set(id, created);
    return { interface: created, created: true };
  }

  interface(id: string): Interface {
    const found = this.interfaces.get(id);
    if (!found) throw notFound('Interface', id);
    return found;
  }

  deleteInterface(id: string): void {
    this.interface(id);
    const users = [...this.services.values()].filter((s) => s.interface_ids.includes(id));
    if (users.length > 0) {
      throw new NmsHttpError(
        409,
        `Interface ${id} is used by service(s) ${users.map((s) => s.service_id).join(', ')}: remove them first`,
      );
    }
    this.interfaces.delete(id);
  }

  // Services

  putService(id: string, input: Omit<Service, 'service_id' | 'configuration'>): { service: Service; created: boolean } {
    for (const interfaceId of input.interface_ids) this.interface(interfaceId);
    if (this.vlans.get(input.vlan_id) !== id)
      throw new NmsHttpError(409, `VLAN ${input.vlan_id} is not reserved for service ${id}: allocate it first`);
    const existing = this.services.get(id);
    if (existing) {
      Object.assign(existing, input, { interface_ids: [...input.interface_ids] });
      return { service: existing, created: false };
    }
    const service: Service = { service_id: id, ...input, interface_ids: [...input.interface_ids], configuration: null };
    this.services.set(id, service);
    return { service, created: true };
  }

  service(id: string): Service {
    const found = this.services.get(id);
    if (!found) throw notFound('Service', id);
    return found;
  }

  deleteService(id: string): void {
    this.service(id);
    this.services.delete(id);
  }

  // Pools

  /** The owner's address, allocating the lowest free one the first time. */
  allocateIpv4(owner: string): { address: string; created: boolean } {
    const existing = this.ipv4.get(owner);
    if (existing) return { address: existing, created: false };
    const used = new Set(this.ipv4.values());
    // Skip the network and broadcast addresses of the pool.
    for (let offset = 1; offset < this.ipv4Size - 1; offset++) {
      const address = numberToIpv4(this.ipv4First + offset);
      if (!used.has(address)) {
        this.ipv4.set(owner, address);
        return { address, created: true };
      }
    }
    throw new NmsHttpError(409, 'The IPv4 pool is exhausted');
  }

  releaseIpv4(owner: string): void {
    if (!this.ipv4.delete(owner)) throw notFound('IPv4 allocation of', owner);
  }

  /**
   * Reserve a VLAN id for an owner: the requested one (409 when another owner has it), or without a request the
   * owner's lowest one, or the lowest free one.
   */
  allocateVlan(owner: string, requested?: number): { vlan_id: number; created: boolean } {
    const [first, last] = this.vlanRange;
    if (requested !== undefined) {
      if (requested < first || requested > last)
        throw new NmsHttpError(409, `VLAN ${requested} is outside the pool (${first}-${last})`);
      const holder = this.vlans.get(requested);
      if (holder === owner) return { vlan_id: requested, created: false };
      if (holder !== undefined) throw new NmsHttpError(409, `VLAN ${requested} is in use by ${holder}`);
      this.vlans.set(requested, owner);
      return { vlan_id: requested, created: true };
    }
    const own = [...this.vlans].filter(([, o]) => o === owner).map(([v]) => v);
    if (own.length > 0) return { vlan_id: Math.min(...own), created: false };
    for (let vlan = first; vlan <= last; vlan++) {
      if (!this.vlans.has(vlan)) {
        this.vlans.set(vlan, owner);
        return { vlan_id: vlan, created: true };
      }
    }
    throw new NmsHttpError(409, 'The VLAN pool is exhausted');
  }

  releaseVlan(vlan: number, owner: string): void {
    const holder = this.vlans.get(vlan);
    if (holder === undefined) throw notFound('VLAN allocation', String(vlan));
    if (holder !== owner) throw new NmsHttpError(409, `VLAN ${vlan} is reserved by ${holder}, not ${owner}`);
    this.vlans.delete(vlan);
  }

  // Configuration

  /** Checked when a job is accepted, so a job for something that does not exist is refused at once (404). */
  assertTarget(target: ConfigurationTarget): void {
    if (target.kind === 'device') this.device(target.id);
    else if (target.kind === 'interface') this.interface(target.id);
    else this.service(target.id);
  }

  /** A finished job's effect: the target now runs this configuration (it may have been removed meanwhile). */
  applyConfiguration(target: ConfigurationTarget, configuration: Record<string, unknown>): boolean {
    const map = { device: this.devices, interface: this.interfaces, service: this.services }[target.kind];
    const found = map.get(target.id);
    if (!found) return false;
    found.configuration = configuration;
    return true;
  }

  /** Everything the NMS holds, for `GET /inventory`. */
  inventory(): Record<string, unknown> {
    return {
      devices: [...this.devices.values()],
      interfaces: [...this.interfaces.values()],
      services: [...this.services.values()],
      ipv4_allocations: [...this.ipv4].map(([owner, address]) => ({ owner, address })),
      vlan_allocations: [...this.vlans].map(([vlan_id, owner]) => ({ vlan_id, owner })),
    };
  }
}
