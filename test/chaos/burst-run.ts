// A burst of starts, all sent at once: each is accepted (201) or refused with 429/503, the API neither crashes
// nor queues them in memory (its RSS stays bounded), every accepted process completes, and a refused start writes
// nothing.
import http from 'node:http';
import { percentile } from '../../bench/support/percentile';
import { poll } from './http';
import { countCheckpoints } from './outcome-checks';
import { rssMiB, samplePeak } from './rss';
import { withOwnStack } from './own-stack';

export interface PartResult {
  /** The part's figures, one line. */
  readonly summary: string;
  readonly failures: string[];
}

/** One POST on a connection of its own; status 0 and the error's code when no answer came. */
function post(url: URL, body: string, agent: http.Agent): Promise<{ status: number; error?: string; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const req = http.request(
      url,
      { method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': body.length } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
      },
    );
    req.setTimeout(120_000, () => req.destroy(new Error('ETIMEDOUT')));
    req.on('error', (err) =>
      resolve({ status: 0, error: (err as { code?: string }).code ?? err.message, ms: Date.now() - started }),
    );
    req.end(body);
  });
}

export async function runBurst(opts: { starts: number; log: (line: string) => void }): Promise<PartResult> {
  const failures: string[] = [];
  return withOwnStack({ workers: 2, concurrency: 20 }, async ({ pg, fleet }) => {
    const apiPid = fleet.api.child.pid;
    const rssBefore = rssMiB(apiPid);
    const peak = samplePeak(apiPid);
    const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
    const url = new URL(`${fleet.url}/api/processes/chaos_one_step`);
    const started = Date.now();
    const answers = await Promise.all(Array.from({ length: opts.starts }, () => post(url, '[{}]', agent)));
    const seconds = (Date.now() - started) / 1000;
    const rssPeak = peak.stop();
    agent.destroy();

    const byStatus = new Map<string, number>();
    for (const a of answers) {
      const key = a.status === 0 ? `no answer (${a.error})` : String(a.status);
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    const accepted = byStatus.get('201') ?? 0;
    for (const [key, n] of byStatus) {
      if (!['201', '429', '503'].includes(key)) failures.push(`${n} starts of the burst answered ${key}`);
    }
    if (fleet.api.child.exitCode !== null) failures.push(`the API exited with ${fleet.api.child.exitCode}`);
    const health = await fetch(`${fleet.url}/api/health`).then((r) => r.status, String);
    if (health !== 200) failures.push(`the health check answered ${health} after the burst`);

    const done = await poll(
      async () => ((await countCheckpoints(pg.url, 3)).completed >= accepted ? true : undefined),
      10 * 60_000,
      1000,
    );
    const counts = await countCheckpoints(pg.url, 3);
    if (!done) failures.push(`${accepted - counts.completed} accepted processes did not complete`);
    if (counts.processes !== accepted) {
      failures.push(`${counts.processes} processes in the database for ${accepted} accepted starts`);
    }
    const ms = answers.map((a) => a.ms).sort((a, b) => a - b);
    const summary =
      `burst: ${opts.starts} starts sent at once, answered in ${seconds.toFixed(1)} s ` +
      `(${[...byStatus].map(([k, n]) => `${n}× ${k}`).join(', ')}; p50 ${percentile(ms, 50)} ms, p99 ${percentile(ms, 99)} ms); ` +
      `API RSS ${rssBefore} → peak ${rssPeak} → ${rssMiB(apiPid)} MiB; ` +
      `${counts.completed} of ${accepted} accepted completed, ${counts.processes - accepted} written for refused starts`;
    opts.log(summary);
    return { summary, failures };
  });
}
