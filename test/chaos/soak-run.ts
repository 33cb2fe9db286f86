// A soak: many processes of the 10-step workflow, started batch after batch with a bounded number in flight, while
// the API's and the workers' resident memory is sampled after every batch. The curve is printed; memory that keeps
// growing with the processes run (a leak) fails the part.
import { CHAOS_WORKFLOW } from './app/chaos-app';
import type { PartResult } from './burst-run';
import { poll, startProcesses } from './http';
import { countCheckpoints } from './outcome-checks';
import { rssMiB } from './rss';
import { withOwnStack } from './own-stack';

const BATCHES = 10;
const ROWS_PER_PROCESS = 12;

interface Sample {
  readonly processes: number;
  readonly api: number;
  readonly workers: number[];
}

export async function runSoak(opts: { processes: number; log: (line: string) => void }): Promise<PartResult> {
  const failures: string[] = [];
  return withOwnStack({ workers: 2, concurrency: 20 }, async ({ pg, fleet }) => {
    const started = Date.now();
    const workers = [...fleet.workers];
    const sample = (processes: number): Sample => ({
      processes,
      api: rssMiB(fleet.api.child.pid),
      workers: workers.map((w) => rssMiB(w.child.pid)),
    });
    const samples: Sample[] = [sample(0)];
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
      samples.push(sample(total));
      const last = samples[samples.length - 1]!;
      opts.log(
        `soak: ${total} processes done after ${Math.round((Date.now() - started) / 1000)} s; ` +
          `RSS API ${last.api} MiB, workers ${last.workers.join(' / ')} MiB`,
      );
    }
    const counts = await countCheckpoints(pg.url, ROWS_PER_PROCESS);
    if (counts.duplicateCheckpoints > 0 || counts.malformed > 0) {
      failures.push(
        `soak: ${counts.duplicateCheckpoints} duplicate checkpoints, ${counts.malformed} malformed processes`,
      );
    }
    // Flat: after warm-up (the first fifth of the run), the growth to the end stays small next to the size.
    const warm = samples[Math.max(1, Math.floor(samples.length / 5))]!;
    const end = samples[samples.length - 1]!;
    const growth = (from: number, to: number) => to - from;
    const apiGrowth = growth(warm.api, end.api);
    const workerGrowth = Math.max(...end.workers.map((w, i) => growth(warm.workers[i]!, w)));
    for (const [who, grew, size] of [
      ['API', apiGrowth, warm.api],
      ['a worker', workerGrowth, Math.max(...warm.workers)],
    ] as const) {
      if (grew > Math.max(50, size * 0.25)) failures.push(`soak: ${who}'s RSS grew by ${grew} MiB after warm-up`);
    }
    const curve = samples.map((s) => `${s.processes}: ${s.api}/${Math.max(...s.workers)}`).join(', ');
    const seconds = Math.round((Date.now() - started) / 1000);
    const summary =
      `soak: ${end.processes} processes (${end.processes * 10} steps) in ${seconds} s; ` +
      `RSS MiB, API/largest worker, by processes done: ${curve}; ` +
      `after warm-up API ${signed(apiGrowth)} MiB, workers ${signed(workerGrowth)} MiB`;
    opts.log(summary);
    return { summary, failures };
  });
}

function signed(n: number): string {
  return n >= 0 ? `+${n}` : String(n);
}
