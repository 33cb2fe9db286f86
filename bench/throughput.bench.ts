/**
 * Throughput and engine overhead (SPEC §8): a 10-step no-op workflow run by 1 and by 4 `wfo worker` processes
 * against real Postgres and Redis, and the floor: the same 10 steps done by raw BullMQ jobs that each do one Prisma
 * transaction and enqueue the next, in as many worker processes. Prints steps/s, per-step overhead p50/p99 (one
 * step's start to the next's: the checkpoint, the enqueue, the pickup and the snapshot load; the steps do nothing)
 * and start latency (POST to the first step's start), with WFO/floor ratios.
 *
 *   npm run bench            (= npx tsx bench/throughput.bench.ts)
 *
 * BENCH_PROCESSES (default 400 processes = 4,000 steps per throughput round), BENCH_CONCURRENCY (per worker, default 20),
 * BENCH_WORKERS (worker processes per round, default 1,2,4), BENCH_LATENCY_PROCESSES (default 100, one at a time, after
 * BENCH_LATENCY_WARMUP = 10 untimed), BENCH_THROUGHPUT_WARMUP (default 100 processes run untimed before each throughput
 * round, WFO's and the floor's alike). `npm run bench` then runs bench/peers.bench.ts (DBOS, Restate, the pg floor).
 * Needs Postgres at DATABASE_URL (default postgresql://postgres@127.0.0.1:5432) and Redis at REDIS_URL.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { createPrisma, createTestDatabase, createTestRedisPrefix, type PrismaClient } from '@wfo/db';
import { createRuntime, registerApplication } from '@wfo/runtime';
import { createWfoApp } from '@wfo/server';
import { errorsOnlyLogger } from './support/errors-only-logger';
import { percentile } from './support/percentile';
import { benchNoop } from './throughput/bench-app';

const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 400);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 20);
const STEPS = 10;
/** Processes run one after the other for the latency figures. */
const LATENCY_PROCESSES = Number(process.env.BENCH_LATENCY_PROCESSES ?? 100);
/** Processes run (one after the other, not timed) before them. */
const LATENCY_WARMUP = Number(process.env.BENCH_LATENCY_WARMUP ?? 10);
/** Processes run before a throughput round is timed, shared by its workers (untimed, then deleted). */
const THROUGHPUT_WARMUP = Number(process.env.BENCH_THROUGHPUT_WARMUP ?? 100);
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const ROOT = path.resolve(__dirname, '..');

interface RoundResult {
  readonly stepsPerSecond: number;
  readonly overheadMs: { p50: number; p99: number };
  readonly startLatencyMs?: { p50: number; p99: number; slowest: number[] };
  /** The largest peak RSS (VmHWM) of the worker processes, MB. */
  readonly workerPeakRssMb?: number;
}

/** Peak resident memory of a live process (Linux), MB. */
function peakRssMb(pid: number | undefined): number {
  try {
    const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
    return hwm ? Number(hwm) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function spawnUntil(
  command: string,
  args: string[],
  env: Record<string, string>,
  ready: RegExp,
): Promise<ChildProcess> {
  const child = spawn(command, args, { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  return new Promise((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve(child);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`${args.join(' ')} exited with ${code}:\n${output}`)));
  });
}

async function stopAll(children: readonly ChildProcess[]): Promise<void> {
  await Promise.all(
    children.map(async (c) => {
      if (c.exitCode !== null) return;
      c.kill('SIGTERM');
      await once(c, 'exit');
    }),
  );
}

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 300_000, pollMs = 100): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, pollMs));
  }
}

/** Start-to-start intervals of consecutive steps, and the first step's start after `t0` per chain, in ms. */
async function stepIntervals(prisma: PrismaClient, sql: string): Promise<number[]> {
  const rows = await prisma.$queryRawUnsafe<Array<{ gap: number }>>(sql);
  return rows.map((r) => r.gap).sort((a, b) => a - b);
}

async function wfoRound(workers: number, processes: number, oneAtATime = false): Promise<RoundResult> {
  const db = await createTestDatabase();
  const prefix = `{${createTestRedisPrefix()}}`;
  const runtime = createRuntime({
    databaseUrl: db.url,
    redisUrl: REDIS_URL,
    workflows: [benchNoop],
    prefix,
    logger: errorsOnlyLogger,
  });
  const children: ChildProcess[] = [];
  try {
    await registerApplication(runtime.prisma, runtime.workflows, []);
    const server = createWfoApp(runtime).listen(0, '127.0.0.1');
    await once(server, 'listening');
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const env = { DATABASE_URL: db.url, REDIS_URL, WFO_QUEUE_PREFIX: prefix, LOG_LEVEL: 'warn' };
    for (let i = 0; i < workers; i++) {
      children.push(
        await spawnUntil(
          process.execPath,
          [
            // BENCH_PROFILE=<dir>: write a CPU profile of each worker there (open it in Chrome's DevTools).
            ...(process.env.BENCH_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []),
            path.join(ROOT, 'packages/cli/bin/wfo.js'),
            'worker',
            '--app',
            'bench/throughput/bench-app.ts',
            '--concurrency',
            String(CONCURRENCY),
          ],
          { ...env, LOG_LEVEL: 'info' },
          /Worker started/,
        ),
      );
    }
    await waitUntil(async () => (await runtime.queue.queue.getWorkers()).length >= workers, 10_000);

    const posted = new Map<string, number>();
    let next = 0;
    const post = async (upTo: number) => {
      while (next < upTo) {
        next++;
        const sentAt = Date.now() / 1000;
        const res = await fetch(`${url}/api/processes/bench_noop`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: '[{}]',
        });
        const { id } = (await res.json()) as { id: string };
        posted.set(id, sentAt);
      }
    };
    const oneByOne = async (count: number) => {
      while (next < count) {
        const done = next + 1;
        await post(next + 1);
        await waitUntil(
          async () => (await runtime.prisma.process.count({ where: { last_status: 'completed' } })) === done,
          60_000,
          2,
        );
      }
    };
    // Not timed: the first processes pay for connections being opened and code being compiled in every worker (the
    // peer benchmark warms up too). Their rows go, so every figure below is of a warm API and warm workers.
    if (oneAtATime) await oneByOne(LATENCY_WARMUP);
    else {
      await Promise.all(Array.from({ length: 16 }, () => post(THROUGHPUT_WARMUP)));
      await waitUntil(
        async () => (await runtime.prisma.process.count({ where: { last_status: 'completed' } })) === THROUGHPUT_WARMUP,
      );
    }
    await runtime.prisma.$executeRawUnsafe('DELETE FROM processes');
    posted.clear();
    next = 0;
    const started = performance.now();
    if (oneAtATime) {
      // Latency: each process alone on the worker, so the gaps are the pipeline, not CPU contention.
      await oneByOne(processes);
    } else {
      await Promise.all(Array.from({ length: 16 }, () => post(processes)));
      await waitUntil(
        async () => (await runtime.prisma.process.count({ where: { last_status: 'completed' } })) === processes,
      );
    }
    const elapsed = (performance.now() - started) / 1000;

    const gaps = await stepIntervals(
      runtime.prisma,
      `SELECT (extract(epoch FROM started_at - lag(started_at) OVER w) * 1000)::float8 AS gap
         FROM process_steps WINDOW w AS (PARTITION BY pid ORDER BY completed_at)`,
    ).then((all) => all.filter((g) => Number.isFinite(g)));
    const firsts = await runtime.prisma.$queryRawUnsafe<Array<{ pid: string; started: number }>>(
      `SELECT pid::text, extract(epoch FROM min(started_at))::float8 AS started FROM process_steps GROUP BY pid`,
    );
    const latencies = firsts.map((f) => (f.started - (posted.get(f.pid) ?? f.started)) * 1000).sort((a, b) => a - b);
    server.close();
    return {
      stepsPerSecond: (processes * STEPS) / elapsed,
      overheadMs: { p50: percentile(gaps, 50), p99: percentile(gaps, 99) },
      startLatencyMs: {
        p50: percentile(latencies, 50),
        p99: percentile(latencies, 99),
        slowest: latencies.slice(-3).map((l) => Math.round(l)),
      },
      workerPeakRssMb: Math.max(...children.map((c) => peakRssMb(c.pid))),
    };
  } finally {
    await stopAll(children);
    await runtime.queue.queue.obliterate({ force: true }).catch(() => undefined);
    await runtime.close();
    await db.drop();
  }
}

async function floorRound(workers: number, processes: number, oneAtATime = false): Promise<RoundResult> {
  const db = await createTestDatabase();
  const prefix = `{${createTestRedisPrefix()}}`;
  const prisma = createPrisma({ databaseUrl: db.url, poolSize: 2 });
  const connection = new Redis(REDIS_URL, { maxRetriesPerRequest: null });
  const queue = new Queue('floor', { connection, prefix });
  const children: ChildProcess[] = [];
  try {
    await prisma.$executeRawUnsafe('CREATE TABLE bench_floor_chains (chain int PRIMARY KEY, step int NOT NULL)');
    await prisma.$executeRawUnsafe(`CREATE TABLE bench_floor_events (id bigserial PRIMARY KEY, chain int NOT NULL, step int NOT NULL,
                                      started_at timestamptz NOT NULL, completed_at timestamptz NOT NULL)`);
    // Chains past `processes` are the untimed warm-up's (as WFO's rounds have one).
    const warmup = oneAtATime ? 0 : THROUGHPUT_WARMUP;
    await prisma.$executeRawUnsafe(
      `INSERT INTO bench_floor_chains SELECT i, -1 FROM generate_series(0, ${processes + warmup - 1}) i`,
    );
    for (let i = 0; i < workers; i++) {
      children.push(
        await spawnUntil(
          path.join(ROOT, 'node_modules/.bin/tsx'),
          ['bench/throughput/floor-worker.ts'],
          { DATABASE_URL: db.url, REDIS_URL, FLOOR_PREFIX: prefix, FLOOR_CONCURRENCY: String(CONCURRENCY) },
          /floor worker ready/,
        ),
      );
    }
    const events = async () => {
      const [row] = await prisma.$queryRawUnsafe<Array<{ n: bigint }>>('SELECT count(*) AS n FROM bench_floor_events');
      return Number(row?.n ?? 0);
    };
    if (warmup > 0) {
      await queue.addBulk(
        Array.from({ length: warmup }, (_, i) => ({
          name: 'step',
          data: { chain: processes + i, step: 0 },
          opts: { removeOnComplete: true },
        })),
      );
      await waitUntil(async () => (await events()) === warmup * STEPS);
      await prisma.$executeRawUnsafe('DELETE FROM bench_floor_events');
    }
    const started = performance.now();
    if (oneAtATime) {
      for (let chain = 0; chain < processes; chain++) {
        await queue.add('step', { chain, step: 0 }, { removeOnComplete: true });
        await waitUntil(async () => (await events()) === (chain + 1) * STEPS, 60_000, 2);
      }
    } else {
      await queue.addBulk(
        Array.from({ length: processes }, (_, chain) => ({
          name: 'step',
          data: { chain, step: 0 },
          opts: { removeOnComplete: true },
        })),
      );
      await waitUntil(async () => (await events()) === processes * STEPS);
    }
    const elapsed = (performance.now() - started) / 1000;
    const gaps = await stepIntervals(
      prisma,
      `SELECT (extract(epoch FROM started_at - lag(started_at) OVER w) * 1000)::float8 AS gap
         FROM bench_floor_events WINDOW w AS (PARTITION BY chain ORDER BY step)`,
    ).then((all) => all.filter((g) => Number.isFinite(g)));
    return {
      stepsPerSecond: (processes * STEPS) / elapsed,
      overheadMs: { p50: percentile(gaps, 50), p99: percentile(gaps, 99) },
    };
  } finally {
    await stopAll(children);
    await queue.obliterate({ force: true }).catch(() => undefined);
    await queue.close();
    connection.disconnect();
    await prisma.$disconnect();
    await db.drop();
  }
}

async function main(): Promise<void> {
  const fmt = (n: number) => n.toFixed(1).padStart(7);
  console.log(`Latency: ${LATENCY_PROCESSES} processes × ${STEPS} steps, one process at a time on 1 worker process`);
  const floorLatency = await floorRound(1, LATENCY_PROCESSES, true);
  const wfoLatency = await wfoRound(1, LATENCY_PROCESSES, true);
  console.log(
    `  WFO   step overhead p50 ${fmt(wfoLatency.overheadMs.p50)} ms  p99 ${fmt(wfoLatency.overheadMs.p99)} ms │ ` +
      `start latency p50 ${fmt(wfoLatency.startLatencyMs!.p50)} ms  p99 ${fmt(wfoLatency.startLatencyMs!.p99)} ms ` +
      `(slowest ${wfoLatency.startLatencyMs!.slowest.join(', ')} ms)`,
  );
  console.log(
    `  floor step overhead p50 ${fmt(floorLatency.overheadMs.p50)} ms  p99 ${fmt(floorLatency.overheadMs.p99)} ms`,
  );
  console.log(
    `  ratio WFO/floor: p50 ${(wfoLatency.overheadMs.p50 / floorLatency.overheadMs.p50).toFixed(2)}×, ` +
      `p99 ${(wfoLatency.overheadMs.p99 / floorLatency.overheadMs.p99).toFixed(2)}×\n`,
  );
  console.log(
    `Throughput: ${PROCESSES} processes × ${STEPS} steps, ${CONCURRENCY} concurrent steps per worker process`,
  );
  const results: Record<string, number> = {
    unloaded_step_overhead_p50_ms: wfoLatency.overheadMs.p50,
    unloaded_step_overhead_p99_ms: wfoLatency.overheadMs.p99,
    floor_unloaded_step_overhead_p50_ms: floorLatency.overheadMs.p50,
    floor_unloaded_step_overhead_p99_ms: floorLatency.overheadMs.p99,
    start_latency_p50_ms: wfoLatency.startLatencyMs!.p50,
    start_latency_p99_ms: wfoLatency.startLatencyMs!.p99,
  };
  for (const workers of (process.env.BENCH_WORKERS ?? '1,2,4').split(',').map(Number)) {
    const floor = await floorRound(workers, PROCESSES);
    const wfo = await wfoRound(workers, PROCESSES);
    results[`wfo_steps_per_s_${workers}w`] = wfo.stepsPerSecond;
    results[`floor_steps_per_s_${workers}w`] = floor.stepsPerSecond;
    results[`worker_peak_rss_mb_${workers}w`] = wfo.workerPeakRssMb ?? NaN;
    console.log(`${workers} worker process${workers > 1 ? 'es' : ''}:`);
    console.log(
      `  WFO    ${fmt(wfo.stepsPerSecond)} steps/s │ overhead p50 ${fmt(wfo.overheadMs.p50)} ms  p99 ${fmt(wfo.overheadMs.p99)} ms │ ` +
        `start latency p50 ${fmt(wfo.startLatencyMs!.p50)} ms  p99 ${fmt(wfo.startLatencyMs!.p99)} ms │ ` +
        `worker peak RSS ${fmt(wfo.workerPeakRssMb ?? NaN)} MB`,
    );
    console.log(
      `  floor  ${fmt(floor.stepsPerSecond)} steps/s │ overhead p50 ${fmt(floor.overheadMs.p50)} ms  p99 ${fmt(floor.overheadMs.p99)} ms`,
    );
    console.log(`  ratio WFO/floor: throughput ${(wfo.stepsPerSecond / floor.stepsPerSecond).toFixed(2)}×\n`);
  }
  // The peers' figures (DBOS, the pg floor, Restate) come from ../shared/peer-bench: see docs/benchmarks.md.
  writeFileSync(path.join(ROOT, 'bench/results.json'), `${JSON.stringify(results, null, 2)}\n`);
  console.log('wrote bench/results.json');
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
