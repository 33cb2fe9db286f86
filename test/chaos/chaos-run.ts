// The fault run: N processes of a 10-step workflow run while the suite breaks what WFO stands on, one fault after
// another, with worker SIGKILLs throughout. Then it checks, from Postgres and Redis, that nothing was lost or
// committed twice, and that the API answered 503 (never 500, never a hang) while Postgres was down.
import { CHAOS_STEP_NAMES, CHAOS_WORKFLOW } from './app/chaos-app';
import { countExecutions, readExecutions } from './execution-log';
import { poll, request, sleep, startProcesses } from './http';
import { countCheckpoints, countStepRows, leftoverJobs } from './outcome-checks';
import { withOwnStack } from './own-stack';
import { QUEUE_PREFIX, type Fleet } from './wfo-fleet';

export interface ChaosOptions {
  readonly processes: number;
  /** How long Redis is unreachable, and Postgres stopped. */
  readonly outageSeconds: number;
  readonly workers: number;
  readonly concurrency: number;
  /** A worker is SIGKILLed (and replaced) this often, while the faults go on. */
  readonly killEverySeconds: number;
  readonly log: (line: string) => void;
}

export interface ChaosResult {
  readonly processes: number;
  readonly faults: number;
  readonly lost: number;
  readonly duplicateCheckpoints: number;
  readonly recoveries: number;
  readonly seconds: number;
  /** Every check that did not hold, in words; empty when the run passed. */
  readonly failures: string[];
}

/** Start, Step 1 … Step 10, Done. */
const ROWS_PER_PROCESS = CHAOS_STEP_NAMES.length + 2;

/** Timings of the fleet: short enough that recoveries happen within the run, long enough for a loaded machine. */
const FLEET_ENV = {
  WFO_STALLED_INTERVAL_MS: '5000',
  WFO_LOCK_DURATION_MS: '10000',
  WFO_RECONCILE_INTERVAL_MS: '2000',
  WFO_RECONCILE_GRACE_MS: '5000',
  WFO_RETRY_BACKOFF_MS: '1000',
  WFO_SHUTDOWN_GRACE_MS: '20000',
};

/**
 * Steps sleep up to this long (half of it on average), chosen so the run's work outlasts its faults whatever the
 * machine's speed: the workers' slots, not the CPU, bound how fast the steps go.
 */
function maxStepDelayMs(opts: ChaosOptions): number {
  const busySeconds = 60 + opts.outageSeconds; // the faults' schedule without the outages, and some margin
  const slots = opts.workers * opts.concurrency;
  const meanMs = (busySeconds * slots * 1000) / (opts.processes * CHAOS_STEP_NAMES.length);
  return Math.round(Math.min(5000, Math.max(20, 2 * meanMs)));
}

/**
 * SIGKILLs a random worker every few seconds and starts its replacement (without waiting for it to come up before
 * the next kill, so the kills keep their pace); can be held during a fault. At least one worker is always left.
 */
class Killer {
  kills = 0;
  private held = false;
  private stopped = false;
  private loop: Promise<void> | null = null;
  private readonly replacements = new Set<Promise<unknown>>();
  private killing: Promise<void> = Promise.resolve();

  constructor(
    private readonly fleet: Fleet,
    private readonly everyMs: number,
  ) {}

  start(): void {
    this.loop = (async () => {
      while (!this.stopped) {
        await sleep(this.everyMs * (0.5 + Math.random()));
        const workers = [...this.fleet.workers];
        if (this.stopped || this.held || workers.length < 2) continue;
        const victim = workers[Math.floor(Math.random() * workers.length)]!;
        this.killing = this.fleet.kill(victim).then(() => {
          this.kills += 1;
          const replacement = this.fleet.startWorker();
          this.replacements.add(replacement);
          void replacement.finally(() => this.replacements.delete(replacement));
        });
        await this.killing;
      }
    })();
  }

  /** Hold the kills; resolves once the replacements under way are up. */
  async hold(): Promise<void> {
    this.held = true;
    await this.killing;
    await Promise.all(this.replacements);
  }

  release(): void {
    this.held = false;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.loop;
    await Promise.all(this.replacements);
  }
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const failures: string[] = [];
  const log = (line: string) => opts.log(`[${Math.round((Date.now() - started) / 1000)} s] ${line}`);
  const fleetOptions = { workers: opts.workers, concurrency: opts.concurrency, env: FLEET_ENV };
  return withOwnStack(fleetOptions, async ({ pg, redis, fleet }) => {
    const api = fleet.url;
    const maxDelay = maxStepDelayMs(opts);
    log(
      `${opts.workers} workers × ${opts.concurrency}, steps sleep 0–${maxDelay} ms; starting ${opts.processes} processes`,
    );
    // One process is left for the write probe to start once Postgres is back.
    const pages = [{ max_delay_ms: maxDelay }];
    const { ids } = await startProcesses(api, CHAOS_WORKFLOW, pages, opts.processes - 1, 20);
    log(`${ids.length} processes started`);

    // Processes started in all: the run's own, and those `keepWorkInFlight` adds before a fault.
    let total = opts.processes;
    const inFlight = async () => total - (await countCheckpoints(pg.url, ROWS_PER_PROCESS)).completed;
    const faults: string[] = [];
    const fault = async (name: string) => {
      faults.push(name);
      log(`fault: ${name} (${await inFlight()} processes in flight)`);
    };
    /**
     * After a fault: how long until the work flows again, i.e. as many steps as the workers have slots have been
     * checkpointed (a few stragglers that were running through the fault do not count).
     */
    const slots = opts.workers * opts.concurrency;
    /**
     * Before a fault whose recovery is judged by progress: at least as many processes in flight as the workers have
     * slots, topped up when the run's own are (nearly) done, so a slow start on a loaded machine or a fast WFO cannot
     * leave nothing to recover.
     */
    const keepWorkInFlight = async () => {
      const missing = slots - (await inFlight());
      if (missing <= 0) return;
      const topUp = await startProcesses(api, CHAOS_WORKFLOW, pages, missing, 20);
      ids.push(...topUp.ids);
      total += topUp.ids.length;
      log(`${topUp.ids.length} more processes started, so the next fault has work in flight`);
    };
    const progressResumes = async (what: string) => {
      const before = await countStepRows(pg.url);
      const since = Date.now();
      const moved = await poll(
        async () => ((await countStepRows(pg.url)) >= before + slots ? true : undefined),
        180_000,
      );
      if (!moved) failures.push(`fewer than ${slots} steps were checkpointed within 180 s after ${what}`);
      else log(`${slots} steps checkpointed ${((Date.now() - since) / 1000).toFixed(1)} s after ${what}`);
    };

    const killer = new Killer(fleet, opts.killEverySeconds * 1000);
    killer.start();
    await sleep(5_000);

    // A rolling deploy: every worker replaced, one at a time, by SIGTERM; kills held so it is the only fault.
    await killer.hold();
    const graceful = new Set<number>();
    for (const old of [...fleet.workers]) {
      await fault(`rolling restart: SIGTERM worker ${old.child.pid}`);
      await fleet.startWorker();
      const since = Date.now();
      const code = await fleet.terminate(old);
      graceful.add(old.child.pid!);
      if (code !== 0) failures.push(`worker ${old.child.pid} exited with ${code} on SIGTERM`);
      log(`worker ${old.child.pid} stopped gracefully in ${((Date.now() - since) / 1000).toFixed(1)} s (exit ${code})`);
    }
    killer.release();
    await sleep(3_000);

    await keepWorkInFlight();
    await fault(`Redis unreachable for ${opts.outageSeconds} s`);
    await redis.stop();
    await sleep(opts.outageSeconds * 1000);
    await redis.start();
    await progressResumes('Redis came back');

    await keepWorkInFlight();
    await fault('Redis emptied (FLUSHALL)');
    await redis.client.flushall();
    await progressResumes('Redis was emptied');

    await keepWorkInFlight();
    await fault(`Postgres stopped for ${opts.outageSeconds} s`);
    await pg.stop();
    const probe = await probeWritesWhileDown(api, pages, opts.outageSeconds * 1000);
    await pg.start();
    const recovered = await firstSuccessfulStart(api, pages);
    if (probe.answers.length === 0) failures.push('the write probe sent nothing while Postgres was down');
    const wrong = probe.answers.filter((a) => a.status !== 503);
    for (const a of wrong) {
      failures.push(
        `a write while Postgres was down answered ${a.status === 0 ? 'nothing (hung)' : a.status} after ${a.ms} ms`,
      );
    }
    log(
      `while Postgres was down, ${probe.answers.length} writes answered ${summarise(probe.answers.map((a) => a.status))} ` +
        `(slowest ${Math.max(0, ...probe.answers.map((a) => a.ms))} ms)`,
    );
    if (!recovered) failures.push('the API did not accept a start again within 60 s after Postgres came back');
    else {
      ids.push(recovered.id);
      log(`the API accepted starts again ${(recovered.afterMs / 1000).toFixed(1)} s after Postgres came back`);
    }
    await progressResumes('Postgres came back');

    await fault('engine paused');
    const paused = await pauseAndUnpause(api, pg.url);
    if (paused) failures.push(paused);

    await killer.stop();
    const faultCount = faults.length + killer.kills;
    log(`faults over: ${killer.kills} SIGKILLs and ${faults.length} others; waiting for every process to complete`);

    const done = await poll(
      async () => ((await countCheckpoints(pg.url, ROWS_PER_PROCESS)).completed >= total ? true : undefined),
      15 * 60_000,
      1000,
    );
    if (!done) failures.push('not every process completed within 15 minutes after the faults');
    const leftovers = await poll(async () => {
      const jobs = await leftoverJobs(redis.client, QUEUE_PREFIX);
      return Object.keys(jobs).length === 0 ? jobs : undefined;
    }, 180_000);
    if (!leftovers) {
      failures.push(`jobs left behind in the queue: ${JSON.stringify(await leftoverJobs(redis.client, QUEUE_PREFIX))}`);
    }

    const checkpoints = await countCheckpoints(pg.url, ROWS_PER_PROCESS);
    const executions = countExecutions(readExecutions(fleet.logDir), graceful);
    const requeued = reconcilerRequeues(fleet.workerOutput());
    if (checkpoints.processes !== total) {
      failures.push(`${checkpoints.processes} processes in the database, ${total} expected`);
    }
    if (checkpoints.malformed > 0) failures.push(`${checkpoints.malformed} completed processes with wrong step rows`);
    if (checkpoints.failedRows > 0) failures.push(`${checkpoints.failedRows} step rows that are not successes`);
    if (executions.steps !== total * CHAOS_STEP_NAMES.length) {
      failures.push(`${executions.steps} steps ran, ${total * CHAOS_STEP_NAMES.length} expected`);
    }
    if (executions.rerunsAfterGracefulStop > 0) {
      failures.push(
        `${executions.rerunsAfterGracefulStop} steps ran again after finishing on a gracefully stopped worker`,
      );
    }
    const lost = total - checkpoints.completed;
    log(
      `${executions.runs} step runs for ${executions.steps} steps: ${executions.reruns} ran again after a fault; ` +
        `the reconciler gave ${requeued} processes their job back`,
    );
    if (lost > 0) failures.push(`${lost} processes did not complete`);
    if (checkpoints.duplicateCheckpoints > 0)
      failures.push(`${checkpoints.duplicateCheckpoints} steps checkpointed twice`);
    return {
      processes: total,
      faults: faultCount,
      lost,
      duplicateCheckpoints: checkpoints.duplicateCheckpoints,
      recoveries: executions.reruns + requeued,
      seconds: Math.round((Date.now() - started) / 1000),
      failures,
    };
  });
}

interface ProbeAnswer {
  readonly status: number;
  readonly ms: number;
}

/** While Postgres is down, try a start every second for `durationMs`; each must answer before Postgres is back. */
async function probeWritesWhileDown(
  api: string,
  pages: unknown[],
  durationMs: number,
): Promise<{ answers: ProbeAnswer[] }> {
  const answers: Promise<ProbeAnswer>[] = [];
  const until = Date.now() + durationMs;
  // Every probe must have its answer (or its timeout) before Postgres comes back.
  const timeoutMs = Math.min(15_000, durationMs / 2);
  while (Date.now() < until - timeoutMs || answers.length === 0) {
    answers.push(request(`${api}/api/processes/${CHAOS_WORKFLOW}`, 'POST', pages, timeoutMs));
    await sleep(1000);
  }
  const settled = await Promise.all(answers);
  await sleep(Math.max(0, until - Date.now()));
  return { answers: settled.map(({ status, ms }) => ({ status, ms })) };
}

/** Once Postgres is back: start the last process as soon as the API accepts it again. */
async function firstSuccessfulStart(
  api: string,
  pages: unknown[],
): Promise<{ id: string; afterMs: number } | undefined> {
  const since = Date.now();
  return poll(
    async () => {
      const answer = await request(`${api}/api/processes/${CHAOS_WORKFLOW}`, 'POST', pages, 15_000);
      return answer.status === 201
        ? { id: (answer.body as { id: string }).id, afterMs: Date.now() - since }
        : undefined;
    },
    60_000,
    500,
  );
}

/** Pause the engine, see that nothing moves while PAUSED, unpause. Returns what went wrong, if anything. */
async function pauseAndUnpause(api: string, databaseUrl: string): Promise<string | undefined> {
  const lock = await request(`${api}/api/settings/status`, 'PUT', { global_lock: true });
  if (lock.status !== 200) return `pausing the engine answered ${lock.status}`;
  const paused = await poll(async () => {
    const status = await request(`${api}/api/settings/status`, 'GET');
    return (status.body as { global_status?: string }).global_status === 'PAUSED' ? true : undefined;
  }, 60_000);
  if (!paused) return 'the engine did not reach PAUSED within 60 s';
  const rows = await countStepRows(databaseUrl);
  await sleep(3_000);
  const moved = (await countStepRows(databaseUrl)) - rows;
  const unlock = await request(`${api}/api/settings/status`, 'PUT', { global_lock: false });
  if (unlock.status !== 200) return `unpausing the engine answered ${unlock.status}`;
  return moved === 0 ? undefined : `${moved} step rows were written while the engine was paused`;
}

/** The reconciler's re-enqueues, from the workers' warnings. */
function reconcilerRequeues(outputs: readonly string[]): number {
  let total = 0;
  for (const output of outputs) {
    for (const line of output.split('\n')) {
      if (!line.includes('Re-enqueued processes without a step job')) continue;
      try {
        total += Number((JSON.parse(line) as { count?: number }).count ?? 0);
      } catch {
        // not a JSON log line
      }
    }
  }
  return total;
}

function summarise(statuses: readonly number[]): string {
  const counts = new Map<number, number>();
  for (const s of statuses) counts.set(s, (counts.get(s) ?? 0) + 1);
  return [...counts].map(([status, n]) => `${n}× ${status === 0 ? 'no answer' : status}`).join(', ');
}
