// Resident memory of the fleet's processes, from /proc (Linux), in MiB.
import { readFileSync } from 'node:fs';

export function rssMiB(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Math.round(Number(match[1]) / 1024) : 0;
  } catch {
    return 0; // the process is gone
  }
}

/** Samples a process's RSS every `everyMs` until stopped; answers the peak. */
export function samplePeak(pid: number | undefined, everyMs = 100): { stop(): number } {
  let peak = rssMiB(pid);
  const timer = setInterval(() => {
    peak = Math.max(peak, rssMiB(pid));
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssMiB(pid));
    },
  };
}
