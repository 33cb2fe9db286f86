/**
 * The peers, side by side: runs `../shared/peer-bench` (DBOS Transact, a hand-written BullMQ + `pg` floor, Restate
 * when its package is installed, and THIS checkout's WFO as users run it: `wfo api` + `wfo worker`) and merges the
 * medians into `bench/results.json`. Ratios within one run are what count: the machine's speed drifts.
 *
 *   npm run bench                 (throughput.bench.ts, then this)
 *   npx tsx bench/peers.bench.ts  (this alone)
 *
 * PEER_BENCH_DIR: the peer benchmark (default `../shared/peer-bench` beside this checkout, else
 * `/work/shared/peer-bench`); it is copied to
 * PEER_BENCH_WORKDIR (default `$TMPDIR/wfo-peer-bench`), where `npm install` runs once (Restate's server is an
 * optional dependency of ~220 MB: PEER_BENCH_INSTALL="--omit=optional" leaves it out). The peer benchmark's own knobs
 * pass through: RUNS, TRIALS, SYSTEMS, PROBE, PROBE_RUNS, WARMUP, INFLIGHT, WFO_WORKERS, WFO_CONCURRENCY.
 * PEER_BENCH_MEDIANS=<medians.json of an earlier run>: merge those figures again without running anything.
 * Without the peer benchmark this says so and exits 0: it is not part of the repository.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..');
/** Where the peer benchmark may be: beside the checkout (`../shared`), or this workplace's shared folder (a CI clone). */
const SOURCE_CANDIDATES = process.env.PEER_BENCH_DIR
  ? [path.resolve(process.env.PEER_BENCH_DIR)]
  : [path.join(ROOT, '..', 'shared', 'peer-bench'), '/work/shared/peer-bench'];
const SOURCE = SOURCE_CANDIDATES.find((dir) => existsSync(path.join(dir, 'run-all.mjs'))) ?? SOURCE_CANDIDATES[0]!;
const WORKDIR = path.resolve(process.env.PEER_BENCH_WORKDIR ?? path.join(os.tmpdir(), 'wfo-peer-bench'));
const RESULTS = path.join(ROOT, 'bench/results.json');

/** One system's medians over the trials, as the peer benchmark's RESULTS_JSON holds them. */
interface SystemMedians {
  readonly ok: boolean;
  readonly stepsPerS: number;
  readonly latP50: number;
  readonly latP99: number;
  readonly workerRssMB: number;
}
type Suite = Partial<Record<'wfo' | 'floor' | 'dbos' | 'restate', SystemMedians>>;
interface PeerMedians {
  readonly throughput?: Suite;
  readonly unloaded?: Suite;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(command, args, { cwd, env, stdio: 'inherit' });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed (exit ${result.status}) in ${cwd}`);
}

/** A writable copy of the peer benchmark with its dependencies installed (kept between runs). */
function prepareWorkdir(): void {
  mkdirSync(WORKDIR, { recursive: true });
  cpSync(SOURCE, WORKDIR, {
    recursive: true,
    filter: (from) => !from.includes(`${path.sep}node_modules`) && !from.endsWith('RESULTS.md'),
  });
  if (existsSync(path.join(WORKDIR, 'node_modules'))) return;
  const extra = (process.env.PEER_BENCH_INSTALL ?? '').split(' ').filter(Boolean);
  run('npm', ['install', '--no-audit', '--no-fund', ...extra], WORKDIR);
}

/** The figures issue 11 asks for, from the peer benchmark's medians. */
function peerFigures(medians: PeerMedians): Record<string, number> {
  const { throughput = {}, unloaded = {} } = medians;
  const figures: Record<string, number> = {};
  const put = (key: string, value: number | undefined) => {
    if (value !== undefined && Number.isFinite(value)) figures[key] = Math.round(value * 100) / 100;
  };
  put('wfo_steps_per_s', throughput.wfo?.stepsPerS);
  put('floor_steps_per_s', throughput.floor?.stepsPerS);
  put('dbos_steps_per_s', throughput.dbos?.stepsPerS);
  put('restate_steps_per_s', throughput.restate?.stepsPerS);
  put('worker_peak_rss_mb', throughput.wfo?.workerRssMB);
  put('floor_worker_peak_rss_mb', throughput.floor?.workerRssMB);
  put('unloaded_p50_ms', unloaded.wfo?.latP50);
  put('unloaded_p99_ms', unloaded.wfo?.latP99);
  put('floor_unloaded_p50_ms', unloaded.floor?.latP50);
  put('floor_unloaded_p99_ms', unloaded.floor?.latP99);
  const wfo = throughput.wfo?.stepsPerS;
  for (const peer of ['floor', 'dbos', 'restate'] as const) {
    const theirs = throughput[peer]?.stepsPerS;
    if (wfo !== undefined && theirs) put(`wfo_to_${peer}_steps_ratio`, wfo / theirs);
  }
  const p50 = unloaded.wfo?.latP50;
  const floorP50 = unloaded.floor?.latP50;
  if (p50 !== undefined && floorP50) put('unloaded_p50_to_floor_ratio', p50 / floorP50);
  const p99 = unloaded.wfo?.latP99;
  const floorP99 = unloaded.floor?.latP99;
  if (p99 !== undefined && floorP99) put('unloaded_p99_to_floor_ratio', p99 / floorP99);
  return figures;
}

function main(): void {
  const reused = process.env.PEER_BENCH_MEDIANS;
  if (reused) {
    mergeFigures(JSON.parse(readFileSync(reused, 'utf8')) as PeerMedians, reused);
    return;
  }
  if (!existsSync(path.join(SOURCE, 'run-all.mjs'))) {
    console.log(
      `Peer benchmark not found (${SOURCE_CANDIDATES.join(', ')}; set PEER_BENCH_DIR): skipped, bench/results.json keeps WFO's own figures.`,
    );
    return;
  }
  prepareWorkdir();
  const mediansFile = path.join(WORKDIR, 'medians.json');
  run('node', ['run-all.mjs'], WORKDIR, {
    ...process.env,
    WFO_CHECKOUT: ROOT,
    RESULTS_JSON: mediansFile,
    RESULTS_MD: path.join(WORKDIR, 'RESULTS.md'),
  });
  mergeFigures(JSON.parse(readFileSync(mediansFile, 'utf8')) as PeerMedians, path.join(WORKDIR, 'RESULTS.md'));
}

/** Check the trials' records, then merge the figures into bench/results.json and print them. */
function mergeFigures(medians: PeerMedians, tables: string): void {
  const failed = [...Object.entries(medians.throughput ?? {}), ...Object.entries(medians.unloaded ?? {})]
    .filter(([, m]) => m && !m.ok)
    .map(([system]) => system);
  if (failed.length > 0) throw new Error(`The peer benchmark's checks failed for: ${failed.join(', ')}`);
  const figures = peerFigures(medians);
  const earlier = existsSync(RESULTS) ? (JSON.parse(readFileSync(RESULTS, 'utf8')) as Record<string, number>) : {};
  writeFileSync(RESULTS, `${JSON.stringify({ ...earlier, ...figures }, null, 2)}\n`);
  console.log('\nPeers (medians of the trials; ratios within this run):');
  for (const [key, value] of Object.entries(figures)) console.log(`  ${key.padEnd(32)} ${value}`);
  console.log(`merged into ${path.relative(ROOT, RESULTS)} (from ${tables})`);
}

main();
