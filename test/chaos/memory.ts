// Asks a process of the fleet for its memory (the chaos app's probe, app/memory-probe.ts) and waits for the answer.
import { existsSync, readFileSync } from 'node:fs';
import { memoryReportFile, type MemoryReport } from './app/memory-probe';
import { poll } from './http';

export type { MemoryReport } from './app/memory-probe';

const MiB = 1024 * 1024;

export const toMiB = (bytes: number) => Math.round((bytes / MiB) * 10) / 10;

function lastSeq(file: string): number {
  if (!existsSync(file)) return 0;
  return (JSON.parse(readFileSync(file, 'utf8')) as MemoryReport).seq;
}

/** The process's memory after a full garbage collection; undefined when it did not answer within `timeoutMs`. */
export async function probeMemory(dir: string, pid: number, timeoutMs = 120_000): Promise<MemoryReport | undefined> {
  const file = memoryReportFile(dir, pid);
  const before = lastSeq(file);
  try {
    process.kill(pid, 'SIGUSR2');
  } catch {
    return undefined; // the process is gone
  }
  return poll(
    async () => {
      if (lastSeq(file) <= before) return undefined;
      return JSON.parse(readFileSync(file, 'utf8')) as MemoryReport;
    },
    timeoutMs,
    50,
  );
}
