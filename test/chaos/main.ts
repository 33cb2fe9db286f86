// `npm run test:chaos`: WFO under faults and load, with counts. Each part starts its own Postgres and Redis (never
// the shared ones): large states against the limits, a burst of starts, a soak, then the fault run, whose summary is
// the last line:
//
//   chaos: 1000 processes, 37 faults, 0 lost, 0 duplicate checkpoints, 112 recoveries, 41 s
//
// Options (CI passes smaller ones, see .ci/run): --processes 1000 --outage-seconds 30 --workers 4 --concurrency 8
// --kill-every-seconds 5 --burst 5000 --soak 20000, and --only state-size|burst|soak|chaos for one part.
import { parseArgs } from 'node:util';
import { runBurst, type PartResult } from './burst-run';
import { runChaos } from './chaos-run';
import { runSoak } from './soak-run';
import { runStateSize } from './state-size-run';

const PARTS = ['state-size', 'burst', 'soak', 'chaos'] as const;
type Part = (typeof PARTS)[number];

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      processes: { type: 'string', default: '1000' },
      'outage-seconds': { type: 'string', default: '30' },
      workers: { type: 'string', default: '4' },
      concurrency: { type: 'string', default: '8' },
      'kill-every-seconds': { type: 'string', default: '5' },
      burst: { type: 'string', default: '5000' },
      soak: { type: 'string', default: '20000' },
      only: { type: 'string' },
    },
  });
  const number = (name: Exclude<keyof typeof values, 'only'>) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: not a positive integer: ${values[name]}`);
    return n;
  };
  if (values.only !== undefined && !PARTS.includes(values.only as Part)) {
    throw new Error(`--only: one of ${PARTS.join(', ')}`);
  }
  const runs = (part: Part) => values.only === undefined || values.only === part;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const results: PartResult[] = [];

  if (runs('state-size')) results.push(await runStateSize({ log }));
  if (runs('burst')) results.push(await runBurst({ starts: number('burst'), log }));
  if (runs('soak')) results.push(await runSoak({ processes: number('soak'), log }));
  if (runs('chaos')) {
    const chaos = await runChaos({
      processes: number('processes'),
      outageSeconds: number('outage-seconds'),
      workers: number('workers'),
      concurrency: number('concurrency'),
      killEverySeconds: number('kill-every-seconds'),
      log,
    });
    const summary =
      `chaos: ${chaos.processes} processes, ${chaos.faults} faults, ${chaos.lost} lost, ` +
      `${chaos.duplicateCheckpoints} duplicate checkpoints, ${chaos.recoveries} recoveries, ${chaos.seconds} s`;
    results.push({ summary, failures: chaos.failures });
  }
  const failures = results.flatMap((r) => r.failures);
  for (const failure of failures) log(`FAILED: ${failure}`);
  // The parts' figures again, together; the fault run's summary last.
  for (const result of results) log(result.summary);
  return failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
