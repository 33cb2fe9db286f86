// The chaos app's memory probe: on SIGUSR2 the process (a worker or the API, both load the app) collects garbage
// when started with --expose-gc, then writes its `process.memoryUsage()` to `memory-<pid>.json` in the suite's log
// folder. RSS alone cannot tell a leak from V8 keeping freed pages for later; the heap still in use after a full
// collection can. With WFO_CHAOS_HEAP_SNAPSHOTS=<folder> it also writes a heap snapshot there each time (kept after
// the run, for finding what grows: compare two in Chrome DevTools' Memory tab).
import { renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { writeHeapSnapshot } from 'node:v8';

export interface MemoryReport {
  /** Counts the probes answered, so a reader can tell a fresh report from the last one. */
  readonly seq: number;
  /** Whether a full garbage collection ran first (the process was started with --expose-gc). */
  readonly collected: boolean;
  readonly rss: number;
  readonly heapUsed: number;
  readonly heapTotal: number;
  readonly external: number;
  readonly arrayBuffers: number;
}

export function memoryReportFile(dir: string, pid: number): string {
  return path.join(dir, `memory-${pid}.json`);
}

export function installMemoryProbe(dir: string): void {
  let seq = 0;
  process.on('SIGUSR2', () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    // Twice: objects with finalizers or weak references are only freed by a second collection.
    gc?.();
    gc?.();
    seq += 1;
    const snapshots = process.env.WFO_CHAOS_HEAP_SNAPSHOTS;
    if (snapshots) writeHeapSnapshot(path.join(snapshots, `heap-${process.pid}-${seq}.heapsnapshot`));
    const report: MemoryReport = { seq, collected: gc !== undefined, ...process.memoryUsage() };
    const file = memoryReportFile(dir, process.pid);
    // Written aside and renamed, so the reader never sees half a file.
    writeFileSync(`${file}.tmp`, JSON.stringify(report));
    renameSync(`${file}.tmp`, file);
  });
}
