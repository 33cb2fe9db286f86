// Large states against the default limits (a warning above 1 MiB, a failed step above 16 MiB): a 2 MiB state
// completes with a warning in the worker's log, a 20 MiB one fails its step with a clear message, and the worker's
// memory stays bounded (peak and after, sampled from /proc).
import type { PartResult } from './burst-run';
import { poll, request } from './http';
import { rssMiB, samplePeak } from './rss';
import { withOwnStack } from './own-stack';

export async function runStateSize(opts: { log: (line: string) => void }): Promise<PartResult> {
  const failures: string[] = [];
  return withOwnStack({ workers: 1, concurrency: 4 }, async ({ fleet }) => {
    const [worker] = [...fleet.workers];
    const pid = worker!.child.pid;
    const rssBefore = rssMiB(pid);
    const peak = samplePeak(pid, 20);
    const run = async (mib: number) => {
      const started = Date.now();
      const answer = await request(`${fleet.url}/api/processes/chaos_big_state`, 'POST', [{ mib }]);
      if (answer.status !== 201) throw new Error(`starting a ${mib} MiB state answered ${answer.status}`);
      const id = (answer.body as { id: string }).id;
      const process = await poll(async () => {
        const p = (await request(`${fleet.url}/api/processes/${id}`, 'GET', undefined, 60_000)).body as {
          last_status?: string;
          failed_reason?: string;
        };
        return p.last_status === 'completed' || p.last_status === 'failed' ? p : undefined;
      }, 120_000);
      return { process, seconds: ((Date.now() - started) / 1000).toFixed(1) };
    };
    const small = await run(2);
    if (small.process?.last_status !== 'completed') failures.push('the 2 MiB state did not complete');
    const warned = worker!.output().includes('A process state is 2.0 MiB');
    if (!warned) failures.push('no warning was logged for the 2 MiB state');
    const large = await run(20);
    const reason = large.process?.failed_reason ?? '';
    if (large.process?.last_status !== 'failed' || !reason.startsWith('The process state would be 20.0 MiB as JSON')) {
      failures.push(`the 20 MiB state did not fail with the limit's message: ${large.process?.last_status} ${reason}`);
    }
    const rssPeak = peak.stop();
    const summary =
      `state size: a 2 MiB state completed in ${small.seconds} s${warned ? ' with a warning' : ''}; ` +
      `a 20 MiB state failed in ${large.seconds} s: "${reason.slice(0, 90)}…"; ` +
      `worker RSS ${rssBefore} → peak ${rssPeak} → ${rssMiB(pid)} MiB`;
    opts.log(summary);
    return { summary, failures };
  });
}
