// A soak: many processes of the 10-step workflow, started batch after batch with a bounded number in flight, while
// the API's and the workers' memory is sampled after every batch: resident memory (RSS), and the live memory (V8
// heap in use plus buffers) after a full garbage collection, from the chaos app's memory probe. Both curves are
// printed.
//
// The verdict is on live memory after collection, not on RSS: V8 grows its heap in steps and keeps freed pages for
// reuse, and malloc keeps freed memory too, so RSS climbs and falls by tens of MiB without anything leaking (a
// 1,000-process soak once failed on +75 MiB of RSS that was exactly that). A leak is memory still reachable after a
// collection, growing with the work done (docs/reliability.md).
import { CHAOS_WORKFLOW } from './app/chaos-app';
import type { PartResult } from './burst-run';
import { poll, startProcesses } from './http';
import { probeMemory, toMiB } from './memory';
import { countCheckpoints } from './outcome-checks';
import { rssMiB } from './rss';
import { withOwnStack } from './own-stack';

const BATCHES = 10;
const ROWS_PER_PROCESS = 12;
/**
 * Samples before this fraction of the run are warm-up: compiled code, connection pools, BullMQ's scripts and
 * Prisma's caches settle in the first few hundred processes.
 */
const WARM_UP = 0.3;
/**
 * How much the live memory after garbage collection may grow over the run after warm-up, measured as the least
 * squares line through the samples (one noisy sample moves it little). Its noise is a few hundred KiB. The leak the
 * soak found (one abort listener per step, ~0.7 KiB) grew it ~3 MiB over 700 processes.
 */
const LIVE_GROWTH_LIMIT_MIB = 2;
/**
 * RSS is reported, and bounded only against runaway growth that live memory would not show (native memory):
 * V8 and malloc keep tens of MiB of freed memory for reuse and give it back when they choose, so RSS moves by tens
 * of MiB between samples without anything leaking.
 */
const RSS_GROWTH_LIMIT_MIB = 150;

interface ProcessMemory {
  readonly rss: number;
  /** Live memory after a full garbage collection (V8 heap in use plus buffers), MiB; undefined without an answer. */
  readonly live: number | undefined;
  /** The V8 heap's size, used and free (what V8 holds of RSS), MiB. */
  readonly heapTotal: number | undefined;
}

interface Sample {
  readonly processes: number;
  readonly api: ProcessMemory;
  readonly workers: ProcessMemory[];
}

export async function runSoak(opts: { processes: number; log: (line: string) => void }): Promise<PartResult> {
  const failures: string[] = [];
  // --expose-gc lets the probe collect garbage before it measures.
  const nodeOptions = [process.env.NODE_OPTIONS, '--expose-gc'].filter(Boolean).join(' ');
  return withOwnStack({ workers: 2, concurrency: 20, env: { NODE_OPTIONS: nodeOptions } }, async ({ pg, fleet }) => {
    const started = Date.now();
    const workers = [...fleet.workers];
    const memoryOf = async (pid: number | undefined): Promise<ProcessMemory> => {
      const report = pid === undefined ? undefined : await probeMemory(fleet.logDir, pid);
      return {
        rss: report ? Math.round(toMiB(report.rss)) : rssMiB(pid),
        live: report && toMiB(report.heapUsed + report.external),
        heapTotal: report && toMiB(report.heapTotal),
      };
    };
    const sample = async (processes: number): Promise<Sample> => ({
      processes,
      api: await memoryOf(fleet.api.child.pid),
      workers: await Promise.all(workers.map((w) => memoryOf(w.child.pid))),
    });
    const samples: Sample[] = [await sample(0)];
    const batch = Math.ceil(opts.processes / BATCHES);
    let total = 0;
    while (total < opts.processes) {
      const count = Math.min(batch, opts.processes - total);
      await startProcesses(fleet.url, CHAOS_WORKFLOW, [{ max_delay_ms: 0 }], count, 10);
      total += count;
      const done = await poll(
        async () => ((await countCheckpoints(pg.url, ROWS_PER_PROCESS)).completed >= total ? true : undefined),
        30 * 60_000,
        1000,
      );
      if (!done) {
        failures.push(`the processes of batch ${samples.length} did not complete within 30 minutes`);
        break;
      }
      samples.push(await sample(total));
      const last = samples[samples.length - 1]!;
      const show = (m: ProcessMemory) => `${m.rss}/${m.heapTotal ?? '?'}/${m.live ?? '?'}`;
      opts.log(
        `soak: ${total} processes done after ${Math.round((Date.now() - started) / 1000)} s; ` +
          `MiB RSS/V8 heap/live after GC: API ${show(last.api)}, workers ${last.workers.map(show).join(' ')}`,
      );
    }
    const counts = await countCheckpoints(pg.url, ROWS_PER_PROCESS);
    if (counts.duplicateCheckpoints > 0 || counts.malformed > 0) {
      failures.push(
        `soak: ${counts.duplicateCheckpoints} duplicate checkpoints, ${counts.malformed} malformed processes`,
      );
    }
    // After warm-up, each process against itself: the fitted growth of its live memory, and its RSS.
    const after = samples.slice(Math.max(1, Math.floor(samples.length * WARM_UP)));
    const end = samples[samples.length - 1]!;
    const perProcess = (pick: (s: Sample) => ProcessMemory[], of: (m: ProcessMemory) => number | undefined) => {
      const grown = pick(end).map((_, i) => fittedGrowth(after.map((s) => [s.processes, of(pick(s)[i]!)])));
      return grown.some((g) => g === undefined) ? undefined : Math.max(...(grown as number[]));
    };
    const api = (s: Sample) => [s.api];
    const allWorkers = (s: Sample) => s.workers;
    const live = (m: ProcessMemory) => m.live;
    const rss = (m: ProcessMemory) => m.rss;
    const rssGrowth = (pick: (s: Sample) => ProcessMemory[]) =>
      Math.max(...pick(end).map((m, i) => m.rss - pick(after[0]!)[i]!.rss));
    const grew = {
      apiLive: perProcess(api, live),
      workerLive: perProcess(allWorkers, live),
      apiRss: rssGrowth(api),
      workerRss: rssGrowth(allWorkers),
    };
    for (const [who, liveGrowth, rssGrown] of [
      ['API', grew.apiLive, grew.apiRss],
      ['a worker', grew.workerLive, grew.workerRss],
    ] as const) {
      if (liveGrowth === undefined) failures.push(`soak: ${who} did not report its memory (the memory probe)`);
      else if (liveGrowth > LIVE_GROWTH_LIMIT_MIB) {
        failures.push(
          `soak: ${who}'s live memory after garbage collection grew by ${liveGrowth} MiB after warm-up ` +
            `(more than ${LIVE_GROWTH_LIMIT_MIB} MiB): something is kept for every process or step run`,
        );
      }
      if (rssGrown > RSS_GROWTH_LIMIT_MIB) {
        failures.push(`soak: ${who}'s RSS grew by ${rssGrown} MiB after warm-up (more than ${RSS_GROWTH_LIMIT_MIB})`);
      }
    }
    const largest = (ms: ProcessMemory[], of: (m: ProcessMemory) => number | undefined) =>
      Math.max(...ms.map((m) => of(m) ?? 0));
    const curve = (of: (m: ProcessMemory) => number | undefined) =>
      samples.map((s) => `${s.processes}: ${of(s.api) ?? '?'}/${largest(s.workers, of)}`).join(', ');
    const seconds = Math.round((Date.now() - started) / 1000);
    const summary =
      `soak: ${end.processes} processes (${end.processes * 10} steps) in ${seconds} s; ` +
      `MiB API/largest worker by processes done, live after GC: ${curve(live)}; RSS: ${curve(rss)}; ` +
      `after warm-up (${after[0]!.processes} processes) live API ${signed(grew.apiLive)} MiB, ` +
      `workers ${signed(grew.workerLive)} MiB (fitted); RSS API ${signed(grew.apiRss)} MiB, ` +
      `workers ${signed(grew.workerRss)} MiB`;
    opts.log(summary);
    return { summary, failures };
  });
}

/** Growth from the first to the last x of the least squares line through the points; undefined if one is missing. */
function fittedGrowth(points: ReadonlyArray<readonly [number, number | undefined]>): number | undefined {
  if (points.some(([, y]) => y === undefined) || points.length < 2) return undefined;
  const xs = points.map(([x]) => x);
  const ys = points.map(([, y]) => y!);
  const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
  const [mx, my] = [mean(xs), mean(ys)];
  const sxx = xs.reduce((a, x) => a + (x - mx) ** 2, 0);
  const sxy = xs.reduce((a, x, i) => a + (x - mx) * (ys[i]! - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return Math.round(slope * (xs[xs.length - 1]! - xs[0]!) * 10) / 10;
}

function signed(n: number | undefined): string {
  if (n === undefined) return '?';
  return n >= 0 ? `+${n}` : String(n);
}
