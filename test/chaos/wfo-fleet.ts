// WFO as an operator runs it: one `wfo api` and several `wfo worker` processes, against services of the suite's own.
// The fleet can SIGKILL a worker, restart one gracefully (SIGTERM), and start replacements; it keeps every worker's
// output (the dead ones' too), where the suite counts the reconciler's work.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { startProcess, type WfoProcess } from '../e2e/harness';

export const CHAOS_APP = path.join(__dirname, 'app/chaos-app.ts');

export interface FleetOptions {
  readonly databaseUrl: string;
  /** A single Redis (`redis://…`) … */
  readonly redisUrl?: string;
  /** … or the seed nodes of a Redis Cluster. */
  readonly redisClusterNodes?: string;
  readonly workers: number;
  /** Steps run at once by each worker. */
  readonly concurrency: number;
  /** More environment for every process (timings of the stalled check, reconciler, shutdown). */
  readonly env?: Record<string, string>;
  readonly app?: string;
}

export interface Fleet {
  readonly url: string;
  readonly api: WfoProcess;
  /** Workers alive now. */
  readonly workers: ReadonlySet<WfoProcess>;
  /** Folder where the chaos app's steps log their executions (one file per worker). */
  readonly logDir: string;
  startWorker(): Promise<WfoProcess>;
  /** SIGKILL a worker: its running steps stop dead, their jobs stall. */
  kill(worker: WfoProcess): Promise<void>;
  /** SIGTERM a worker and wait for its exit code (0 when its running steps finished or were released in time). */
  terminate(worker: WfoProcess): Promise<number | null>;
  /** Everything every worker (alive or dead) printed. */
  workerOutput(): string[];
  stop(): Promise<void>;
}

export const QUEUE_PREFIX = '{chaos}';

/**
 * How long a `wfo api` or `wfo worker` may take to start. The suite runs for long on machines shared with other
 * work; at a load of 20 on two cores an API once took over 30 s to load (compiling the app, Prisma, BullMQ), which
 * is slowness of the machine, not a finding.
 */
const START_TIMEOUT_MS = 120_000;

export async function startFleet(opts: FleetOptions): Promise<Fleet> {
  const logDir = mkdtempSync(path.join(tmpdir(), 'wfo-chaos-log-'));
  const env: Record<string, string> = {
    DATABASE_URL: opts.databaseUrl,
    ...(opts.redisClusterNodes ? { REDIS_CLUSTER_NODES: opts.redisClusterNodes } : { REDIS_URL: opts.redisUrl! }),
    WFO_QUEUE_PREFIX: QUEUE_PREFIX,
    OAUTH2_ACTIVE: 'false',
    LOG_LEVEL: 'warn',
    WFO_CHAOS_LOG_DIR: logDir,
    ...opts.env,
  };
  // An empty REDIS_URL counts as unset: it hides one the suite itself may have been started with.
  if (opts.redisClusterNodes) env.REDIS_URL = '';
  const app = opts.app ?? CHAOS_APP;
  const { proc: api, match } = await startProcess(
    ['api', '--app', app, '--port', '0'],
    { ...env, HOST: '127.0.0.1' },
    /listening on (http:\/\/\S+)/,
    START_TIMEOUT_MS,
  );
  const alive = new Set<WfoProcess>();
  const everyWorker: WfoProcess[] = [];
  const startWorker = async () => {
    const { proc } = await startProcess(
      ['worker', '--app', app, '--concurrency', String(opts.concurrency)],
      // The worker says it started at level info: let that one line through, then only warnings.
      { ...env, LOG_LEVEL: 'info' },
      /Worker started/,
      START_TIMEOUT_MS,
    );
    alive.add(proc);
    everyWorker.push(proc);
    void proc.exited.then(() => alive.delete(proc));
    return proc;
  };
  for (let i = 0; i < opts.workers; i++) await startWorker();
  return {
    url: match[1]!,
    api,
    workers: alive,
    logDir,
    startWorker,
    async kill(worker) {
      worker.child.kill('SIGKILL');
      await worker.exited;
    },
    async terminate(worker) {
      worker.child.kill('SIGTERM');
      return worker.exited;
    },
    workerOutput: () => everyWorker.map((w) => w.output()),
    async stop() {
      const running = [api, ...alive];
      for (const p of running) p.child.kill('SIGTERM');
      await Promise.all(running.map((p) => p.exited));
      rmSync(logDir, { recursive: true, force: true });
    },
  };
}
