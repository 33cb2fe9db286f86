import { z } from 'zod';
import { CALL_TYPES, type FaultSettings } from './fault-settings';

/** How the simulator is set up at start (`NMS_*` environment variables). */
export interface SimulatorConfig {
  readonly port: number;
  readonly host: string;
  /** How long a configuration job takes before it calls back, in milliseconds. */
  readonly configurationMs: number;
  readonly faults: FaultSettings;
  /** The IPv4 pool loopback addresses come from (a CIDR block). */
  readonly ipv4Pool: string;
  /** The VLAN ids the pool hands out, inclusive. */
  readonly vlanRange: readonly [number, number];
}

const number = (min: number, max: number) => z.coerce.number().min(min).max(max);

const envSchema = z.object({
  NMS_PORT: number(0, 65_535).int().default(8090),
  NMS_HOST: z.string().min(1).default('127.0.0.1'),
  NMS_CONFIGURATION_MS: number(0, 3_600_000).default(2_000),
  NMS_LATENCY_MS: number(0, 600_000).default(0),
  NMS_FAILURE_RATE: number(0, 1).default(0),
  NMS_IPV4_POOL: z.cidrv4().default('10.255.0.0/16'),
  NMS_VLAN_RANGE: z
    .string()
    .regex(/^\d+-\d+$/, 'expected "<first>-<last>", e.g. "100-4000"')
    .default('100-4000'),
  ...Object.fromEntries(
    CALL_TYPES.flatMap((t) => [
      [`NMS_${t.toUpperCase()}_LATENCY_MS`, number(0, 600_000).optional()],
      [`NMS_${t.toUpperCase()}_FAILURE_RATE`, number(0, 1).optional()],
    ]),
  ),
});

/**
 * Read the configuration from the environment. `NMS_LATENCY_MS` and `NMS_FAILURE_RATE` apply to every call type;
 * `NMS_<TYPE>_LATENCY_MS` and `NMS_<TYPE>_FAILURE_RATE` (TYPE: INVENTORY, ALLOCATION, CONFIGURATION) override them.
 * Every bad value is reported at once.
 */
export function configFromEnv(env: NodeJS.ProcessEnv): SimulatorConfig {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`NMS simulator: bad configuration: ${problems}`);
  }
  const e = parsed.data as Record<string, unknown> & z.infer<typeof envSchema>;
  const [first, last] = e.NMS_VLAN_RANGE.split('-').map(Number) as [number, number];
  if (!(first >= 1 && last <= 4094 && first <= last)) {
    throw new Error(`NMS simulator: bad configuration: NMS_VLAN_RANGE: ${e.NMS_VLAN_RANGE} is not within 1-4094`);
  }
  const faults = Object.fromEntries(
    CALL_TYPES.map((t) => [
      t,
      {
        latencyMs: (e[`NMS_${t.toUpperCase()}_LATENCY_MS`] as number | undefined) ?? e.NMS_LATENCY_MS,
        failureRate: (e[`NMS_${t.toUpperCase()}_FAILURE_RATE`] as number | undefined) ?? e.NMS_FAILURE_RATE,
        failNext: 0,
      },
    ]),
  ) as FaultSettings;
  return {
    port: e.NMS_PORT,
    host: e.NMS_HOST,
    configurationMs: e.NMS_CONFIGURATION_MS,
    faults,
    ipv4Pool: e.NMS_IPV4_POOL,
    vlanRange: [first, last],
  };
}
