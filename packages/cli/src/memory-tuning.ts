import { setFlagsFromString } from 'node:v8';

/**
 * V8 settings for WFO's long-running processes, set before any WebAssembly is compiled (ADR 0022,
 * docs/adr/0022-memory-tuning-of-wfo-processes.md). Under the peer benchmark's load a worker peaked at ~290 MB RSS and
 * the API at ~250 MB, while live memory after a full GC stays ~45 MB.
 *
 * - `--liftoff-only`: WebAssembly (only Prisma's query compiler, off the step hot path) stays on V8's baseline
 *   compiler. Optimising that large module left ~55 MB of compiler memory resident in malloc's arenas.
 * - `--heap-growing-percent=20`: after a full GC the old generation may grow by 20% before the next one (V8's default
 *   on a machine with gigabytes is up to 4× the live size). It paces full GCs and is not a limit: a process that
 *   needs more memory still gets it.
 *
 * The young generation's size is read only at start-up: `bin/wfo.js`'s first line passes `--max-semi-space-size`.
 */
export const V8_MEMORY_FLAGS = ['--liftoff-only', '--heap-growing-percent=20'] as const;

export function tuneV8ForMemory(): void {
  for (const flag of V8_MEMORY_FLAGS) setFlagsFromString(flag);
}
