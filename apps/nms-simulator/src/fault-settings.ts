import { z } from 'zod';

/**
 * The kinds of call the simulator tells apart, each with its own latency and failure rate:
 * `inventory` (devices, interfaces, services), `allocation` (IPv4 and VLAN pools) and `configuration` (jobs).
 */
export const CALL_TYPES = ['inventory', 'allocation', 'configuration'] as const;
export type CallType = (typeof CALL_TYPES)[number];

/** How one kind of call misbehaves. */
export interface CallFaults {
  /** Added before answering, in milliseconds. */
  latencyMs: number;
  /** Probability (0..1) that a call fails: 503 for a synchronous call, a failure callback for a configuration job. */
  failureRate: number;
  /** The next this-many calls fail whatever the rate (a demo or test's "make the next configuration fail"). */
  failNext: number;
}

export type FaultSettings = Record<CallType, CallFaults>;

export const callFaultsPatch = z
  .object({
    latency_ms: z.number().int().min(0).max(600_000).optional(),
    failure_rate: z.number().min(0).max(1).optional(),
    fail_next: z.number().int().min(0).max(1_000).optional(),
  })
  .strict();

/** `PUT /admin/faults`: any call types, each with any of its settings. */
export const faultSettingsPatch = z
  .object(
    Object.fromEntries(CALL_TYPES.map((t) => [t, callFaultsPatch.optional()])) as Record<
      CallType,
      z.ZodOptional<typeof callFaultsPatch>
    >,
  )
  .strict();

export type FaultSettingsPatch = z.infer<typeof faultSettingsPatch>;

export function applyFaultPatch(settings: FaultSettings, patch: FaultSettingsPatch): void {
  for (const type of CALL_TYPES) {
    const p = patch[type];
    if (!p) continue;
    if (p.latency_ms !== undefined) settings[type].latencyMs = p.latency_ms;
    if (p.failure_rate !== undefined) settings[type].failureRate = p.failure_rate;
    if (p.fail_next !== undefined) settings[type].failNext = p.fail_next;
  }
}

/** The settings as the admin endpoint shows them (snake_case, like the rest of the API). */
export function faultSettingsJson(settings: FaultSettings): Record<string, unknown> {
  return Object.fromEntries(
    CALL_TYPES.map((t) => [
      t,
      { latency_ms: settings[t].latencyMs, failure_rate: settings[t].failureRate, fail_next: settings[t].failNext },
    ]),
  );
}

/**
 * Decide whether this call fails: a pending `failNext` first, then the failure rate. `random` is a parameter so
 * tests can decide.
 */
export function shouldFail(faults: CallFaults, random: () => number): boolean {
  if (faults.failNext > 0) {
    faults.failNext -= 1;
    return true;
  }
  return faults.failureRate > 0 && random() < faults.failureRate;
}
