// Reads the chaos app's execution logs (one file per worker; see app/chaos-app.ts): how often each step of each
// process ran, and on which worker.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface Execution {
  readonly processId: string;
  readonly step: string;
  readonly workerPid: number;
  readonly startedAtMs: number;
  /** Whether the step function returned (it may still have been cut off before its checkpoint). */
  readonly finished: boolean;
}

export function readExecutions(logDir: string): Execution[] {
  const executions: Execution[] = [];
  for (const file of readdirSync(logDir)) {
    const open = new Map<string, { startedAtMs: number; index: number }>();
    for (const line of readFileSync(path.join(logDir, file), 'utf8').split('\n')) {
      const [event, processId, step, pid, at] = line.split(' ');
      if (!event || !processId || !step || !pid || !at) continue;
      const key = `${processId} ${step}`;
      if (event === 'start') {
        open.set(key, { startedAtMs: Number(at), index: executions.length });
        executions.push({ processId, step, workerPid: Number(pid), startedAtMs: Number(at), finished: false });
      } else {
        const started = open.get(key);
        if (started) executions[started.index] = { ...executions[started.index]!, finished: true };
      }
    }
  }
  return executions.sort((a, b) => a.startedAtMs - b.startedAtMs);
}

export interface ExecutionCounts {
  /** Step runs in all. */
  readonly runs: number;
  /** Distinct (process, step) pairs that ran. */
  readonly steps: number;
  /** Runs beyond the first of a step: at-least-once execution at work after a fault. */
  readonly reruns: number;
  /** Steps that ran again although their first run finished on a worker that was stopped gracefully. */
  readonly rerunsAfterGracefulStop: number;
}

export function countExecutions(
  executions: readonly Execution[],
  gracefullyStopped: ReadonlySet<number>,
): ExecutionCounts {
  const byStep = new Map<string, Execution[]>();
  for (const e of executions) {
    const key = `${e.processId} ${e.step}`;
    byStep.set(key, [...(byStep.get(key) ?? []), e]);
  }
  let rerunsAfterGracefulStop = 0;
  for (const runs of byStep.values()) {
    const first = runs[0]!;
    if (runs.length > 1 && first.finished && gracefullyStopped.has(first.workerPid)) rerunsAfterGracefulStop += 1;
  }
  return {
    runs: executions.length,
    steps: byStep.size,
    reruns: executions.length - byStep.size,
    rerunsAfterGracefulStop,
  };
}
