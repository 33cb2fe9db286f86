import { InternalKey } from './internal-keys';
import type { State } from './state';
import { Assignee } from './statuses';
import { checkName, type Step } from './step';
import { failed, success, suspend, type StepResult } from './step-result';
import { toErrorState } from './errors';

/** How long to sleep: milliseconds from when the step starts, an absolute wake time, or either from the state. */
export type SleepDuration = number | Date | ((state: State) => number | Date);

/**
 * A durable sleep (SPEC §9). Run before its wake time, the step checkpoints the wake time (`__sleep_until`, epoch
 * seconds) in a `suspend` row while the process stays `running`, and the runtime ends the job with a job delayed to
 * that time: no worker slot is held while asleep. Run again (the delayed job, or the reconciler's job after Redis
 * lost the delayed one), it compares the CHECKPOINTED wake time with the clock, never recomputes it, so a lost job
 * neither shortens nor lengthens the sleep. Once awake, the same row becomes the step's `success` row.
 */
export function sleepStep(name: string, duration: SleepDuration): Step {
  checkName(name);
  checkDuration(name, duration);
  return {
    name,
    kind: 'sleep',
    assignee: Assignee.SYSTEM,
    run: async (state, _ctx, env) => {
      const stored = state[InternalKey.SLEEP_UNTIL];
      const asleepAlready = typeof stored === 'number';
      let wakeAt: number;
      try {
        wakeAt = asleepAlready ? stored : wakeTimeOf(name, duration, state, env.now);
      } catch (err) {
        return failed(toErrorState(err));
      }
      // Waking (or re-checking) replaces the sleep's own row instead of adding one per look.
      const replace = asleepAlready ? { [InternalKey.REPLACE_LAST_STATE]: true } : {};
      if (env.now >= wakeAt) {
        return success({ ...state, ...replace, [InternalKey.REMOVE_KEYS]: [InternalKey.SLEEP_UNTIL] });
      }
      return asleep({ ...state, ...replace, [InternalKey.SLEEP_UNTIL]: wakeAt });
    },
  };
}

/** The outcome of a step that is not yet due: a `suspend` row the engine keeps `running` (see `checkpointOf`). */
function asleep(state: State): StepResult {
  return suspend(state);
}

/** The wake time (epoch seconds) of a sleep starting `now` (epoch seconds). */
export function wakeTimeOf(name: string, duration: SleepDuration, state: State, now: number): number {
  const value = typeof duration === 'function' ? duration(state) : duration;
  // A Date given by the author is a value (a wake time), not a clock reading.
  // eslint-disable-next-line no-restricted-globals
  if (value instanceof Date) {
    const ms = value.getTime();
    if (Number.isNaN(ms)) throw new TypeError(`sleepStep "${name}": the wake time is an invalid Date`);
    return ms / 1000;
  }
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(
      `sleepStep "${name}": the duration must be milliseconds (a finite number ≥ 0) or a Date, got ${String(value)}`,
    );
  }
  return now + value / 1000;
}

function checkDuration(name: string, duration: SleepDuration): void {
  if (typeof duration === 'function') return;
  // Checked at definition, so a typo fails the deploy rather than a process.
  wakeTimeOf(name, duration, {}, 0);
}

/** True for a sleep step's row while it sleeps (its wake time checkpointed). */
export function isAsleep(step: Step, result: StepResult): boolean {
  return (
    step.kind === 'sleep' && result.status === 'suspend' && typeof result.state[InternalKey.SLEEP_UNTIL] === 'number'
  );
}
