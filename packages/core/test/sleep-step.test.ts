import { done, init, sleepStep, step, steps, testing, workflow } from '@wfo/core';
import {
  checkpointOf,
  InternalKey,
  planStep,
  runStep,
  type ProcessSnapshot,
  type StepContext,
  type StepRowRecord,
} from '@wfo/engine';

const nap = (duration: Parameters<typeof sleepStep>[1]) =>
  workflow(
    { key: 'napper' },
    steps(
      init,
      step('Before', () => ({ x: 1 })),
      sleepStep('Nap', duration),
      done,
    ),
  );

describe('sleepStep (SPEC §9)', () => {
  it('refuses a bad duration when the workflow is defined', () => {
    expect(() => sleepStep('Nap', -1)).toThrow(/finite number ≥ 0/);
    expect(() => sleepStep('Nap', new Date('nonsense'))).toThrow(/invalid Date/);
    expect(() => sleepStep('', 5)).toThrow(/non-empty name/);
  });

  it('the testing helpers do not wait: the sleep ends at once and leaves one success row', async () => {
    const p = await testing.runWorkflow(nap(60 * 60 * 1000));
    expect(p.status).toBe('completed');
    expect(p.log.map((r) => `${r.name}:${r.status}`)).toEqual([
      'Start:success',
      'Before:success',
      'Nap:success',
      'Done:complete',
    ]);
    expect(p.state).not.toHaveProperty(InternalKey.SLEEP_UNTIL);
  });

  it('takes the duration from the state, and a Date in the past does not sleep at all', async () => {
    const fromState = await testing.runWorkflow(nap((state) => (state.x as number) * 1000));
    expect(fromState.status).toBe('completed');
    const past = await testing.runWorkflow(nap(new Date('2000-01-01T00:00:00Z')));
    expect(past.log.map((r) => `${r.name}:${r.status}`)).toContain('Nap:success');
  });

  it('a function that throws fails the process at the sleep step', async () => {
    const p = await testing.runWorkflow(
      nap(() => {
        throw new Error('no window');
      }),
    );
    expect(p.status).toBe('failed');
    expect(p.failedReason).toBe('no window');
  });

  describe('in the engine (what the runtime checkpoints)', () => {
    const wf = nap(30_000);
    const ctx = {} as StepContext;
    const env = (now: number) => ({ now, newToken: () => 't' });
    const row = (name: string, status: StepRowRecord['status'], state: Record<string, unknown>): StepRowRecord => ({
      stepId: name,
      name,
      status,
      state,
      createdBy: 'SYSTEM',
      startedAt: 100,
      completedAt: 100,
    });
    const before = row('Before', 'success', { x: 1 });
    const snapshot = (lastRow: StepRowRecord): ProcessSnapshot => ({
      processId: 'p',
      workflowKey: 'napper',
      isTask: false,
      status: 'running',
      position: 2,
      actingUser: 'SYSTEM',
      lastRow,
      lastClearedRow: before,
      initialState: {},
      userInput: { stale: 'input of an earlier input step' },
    });

    it('checkpoints the wake time and keeps the process running, with the same step due at that time', async () => {
      const plan = planStep(wf, snapshot(before));
      const outcome = await runStep(plan as Exclude<typeof plan, { kind: 'idle' }>, ctx, env(1000));
      const cp = checkpointOf(wf, snapshot(before), plan as never, outcome, { startedAt: 1000, now: 1000 });
      expect(cp).toMatchObject({ position: 2, next: 2, wakeAt: 1030, process: { lastStatus: 'running' } });
      expect(cp.row).toMatchObject({
        kind: 'insert',
        name: 'Nap',
        status: 'suspend',
        state: { x: 1, __sleep_until: 1030 },
      });
    });

    it('looks at the checkpointed wake time again, never recomputes it, and replaces its own row', async () => {
      const sleeping = row('Nap', 'suspend', { x: 1, __sleep_until: 1030 });
      const plan = planStep(wf, snapshot(sleeping));
      expect(plan).toMatchObject({ kind: 'execute', state: { x: 1, __sleep_until: 1030 } });
      const early = await runStep(plan as never, ctx, env(1010));
      const again = checkpointOf(wf, snapshot(sleeping), plan as never, early, { startedAt: 1010, now: 1010 });
      expect(again).toMatchObject({ next: 2, wakeAt: 1030, row: { kind: 'update', stepId: 'Nap' } });
      const due = await runStep(plan as never, ctx, env(1031));
      const woke = checkpointOf(wf, snapshot(sleeping), plan as never, due, { startedAt: 1031, now: 1031 });
      expect(woke).toMatchObject({
        next: 3,
        row: { kind: 'update', status: 'success', state: { x: 1 }, startedAt: 100 },
      });
      expect(woke.wakeAt).toBeUndefined();
      expect(woke.row.state).not.toHaveProperty('stale');
    });
  });
});
