import { performance } from 'node:perf_hooks';
import { percentile } from './percentile';

export interface Timings {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

/**
 * Runs `run` `warmups + runs` times in a row and returns the percentiles, in ms, of the last `runs`: the warm-ups
 * fill caches and connection pools so the figures show steady state.
 */
export async function timeRepeatedly(
  run: () => Promise<void>,
  { warmups, runs }: { readonly warmups: number; readonly runs: number },
): Promise<Timings> {
  const times: number[] = [];
  for (let i = 0; i < warmups + runs; i++) {
    const t0 = performance.now();
    await run();
    if (i >= warmups) times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), p99: percentile(times, 99) };
}
