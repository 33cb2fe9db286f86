import { z } from 'zod';

const settingsSchema = z.object({
  NMS_URL: z
    .url({ protocol: /^https?$/, error: 'NMS_URL must be an http(s) URL, e.g. http://127.0.0.1:8090' })
    .default('http://127.0.0.1:8090'),
  /** How the NMS reaches this orchestrator's API for callbacks. */
  WFO_PUBLIC_URL: z.url({ protocol: /^https?$/, error: 'WFO_PUBLIC_URL must be an http(s) URL' }).optional(),
  PORT: z.coerce.number().int().min(0).max(65_535).default(8080),
  NMS_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export interface NmsSettings {
  readonly nmsUrl: string;
  /** Where the callback routes of this orchestrator's API are reachable from the NMS. */
  readonly publicUrl: string;
  readonly timeoutMs: number;
}

/**
 * The example's settings, from the environment at the moment of the call (so tests can point it at their own
 * simulator): `NMS_URL` (default http://127.0.0.1:8090) and `WFO_PUBLIC_URL` (default http://127.0.0.1:$PORT).
 */
export function nmsSettings(env: NodeJS.ProcessEnv = process.env): NmsSettings {
  const parsed = settingsSchema.safeParse(env);
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '));
  const { NMS_URL, WFO_PUBLIC_URL, PORT, NMS_TIMEOUT_MS } = parsed.data;
  return {
    nmsUrl: NMS_URL.replace(/\/$/, ''),
    publicUrl: (WFO_PUBLIC_URL ?? `http://127.0.0.1:${PORT}`).replace(/\/$/, ''),
    timeoutMs: NMS_TIMEOUT_MS,
  };
}
