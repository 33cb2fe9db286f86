// `npm run test:chaos`: WFO under faults, with counts. Each part starts its own Postgres and Redis (never the shared
// ones). The last line is the fault run's summary:
//
//   chaos: 1000 processes, 37 faults, 0 lost, 0 duplicate checkpoints, 112 recoveries, 41 s
//
// Options (a CI-sized run passes smaller ones): --processes 1000 --outage-seconds 30 --workers 4 --concurrency 8
// --kill-every-seconds 5
import { parseArgs } from 'node:util';
import { runChaos } from './chaos-run';

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      processes: { type: 'string', default: '1000' },
      'outage-seconds': { type: 'string', default: '30' },
      workers: { type: 'string', default: '4' },
      concurrency: { type: 'string', default: '8' },
      'kill-every-seconds': { type: 'string', default: '5' },
    },
  });
  const number = (name: keyof typeof values) => {
    const n = Number(values[name]);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`--${name}: not a positive integer: ${values[name]}`);
    return n;
  };
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const result = await runChaos({
    processes: number('processes'),
    outageSeconds: number('outage-seconds'),
    workers: number('workers'),
    concurrency: number('concurrency'),
    killEverySeconds: number('kill-every-seconds'),
    log,
  });
  for (const failure of result.failures) log(`FAILED: ${failure}`);
  log(
    `chaos: ${result.processes} processes, ${result.faults} faults, ${result.lost} lost, ` +
      `${result.duplicateCheckpoints} duplicate checkpoints, ${result.recoveries} recoveries, ${result.seconds} s`,
  );
  return result.failures.length === 0 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`chaos: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
