import {
  definitionHash,
  done,
  init,
  inputStep,
  locateByName,
  planStep,
  step,
  stepGroup,
  steps,
  workflow,
  type ProcessSnapshot,
  type StepRowRecord,
} from '@wfo/engine';
import { z } from 'zod';

let n = 0;
const row = (name: string, status: StepRowRecord['status'], state: Record<string, unknown> = {}): StepRowRecord => ({
  stepId: `s${++n}`,
  name,
  status,
  state,
  createdBy: 'SYSTEM',
  startedAt: n,
  completedAt: n,
});

const noop = () => ({});
const confirm = inputStep('Confirm', { form: z.object({ ok: z.boolean() }) });
// v1: 0 Start, 1 Reserve, 2 Confirm, 3 Done
const v1 = workflow({ key: 'deploy' }, steps(init, step('Reserve', noop), confirm, done));
// v2 inserts "Check quota" before the process's position and "Notify" after it:
// 0 Start, 1 Check quota, 2 Reserve, 3 Confirm, 4 Notify, 5 Done
const v2 = workflow(
  { key: 'deploy' },
  steps(init, step('Check quota', noop), step('Reserve', noop), confirm, step('Notify', noop), done),
);

const snapshot = (over: Partial<ProcessSnapshot>): ProcessSnapshot => ({
  processId: 'p',
  workflowKey: 'deploy',
  isTask: false,
  status: 'resumed',
  position: 2,
  actingUser: 'SYSTEM',
  lastRow: null,
  lastClearedRow: null,
  initialState: {},
  userInput: { ok: true },
  ...over,
});

describe('locateByName (SPEC §9, definition changes in flight)', () => {
  const reserved = row('Reserve', 'success', { reserved: true });

  it('goes on from the step the process stopped at, found by name', () => {
    expect(locateByName(v2, row('Confirm', 'suspend'), reserved)).toEqual({ position: 3 });
  });

  it('goes on just after the last completed step when the process stopped after it', () => {
    expect(locateByName(v2, reserved, reserved)).toEqual({ position: 3 });
    expect(locateByName(v2, null, null)).toEqual({ position: 0 });
  });

  it('fails clearly when that step is gone or ambiguous', () => {
    const gone = locateByName(v2, row('Configure', 'failed'), reserved);
    expect(gone).toEqual({ message: expect.stringMatching(/stopped at step "Configure".*no longer has a step/) });
    const twice = workflow({ key: 'deploy' }, steps(init, step('Reserve', noop), confirm, confirm, done));
    expect(locateByName(twice, row('Confirm', 'suspend'), reserved)).toEqual({
      message: expect.stringMatching(/now has 2 steps of that name/),
    });
  });

  it('ignores an earlier "Workflow definition changed" row and goes on after the last completed step', () => {
    expect(locateByName(v2, row('Workflow definition changed', 'failed'), reserved)).toEqual({ position: 3 });
  });

  it('places a process inside a step group by its sub-step', () => {
    const grouped = workflow(
      { key: 'g' },
      steps(init, step('New', noop), stepGroup('G', steps(step('G1', noop), confirm, step('G3', noop))), done),
    );
    // 0 Start, 1 New, 2 G-Enter, 3 G1, 4 Confirm, 5 G3, 6 G-Exit, 7 Done
    const suspended = row('G', 'suspend', { __step_group: 'G', __sub_step: 'Confirm' });
    expect(locateByName(grouped, suspended, row('Start', 'success'))).toEqual({ position: 4 });
    const inProgress = row('G', 'success', { __step_group: 'G', __sub_step: 'G1' });
    expect(locateByName(grouped, inProgress, inProgress)).toEqual({ position: 4 });
    const finished = row('G', 'success', {});
    expect(locateByName(grouped, finished, finished)).toEqual({ position: 7 });
  });
});

describe('planStep under a changed definition', () => {
  it('resumes the suspended step at its new position: the step inserted before is not run', () => {
    const plan = planStep(
      v2,
      snapshot({ lastRow: row('Confirm', 'suspend', { a: 1 }), lastClearedRow: row('Reserve', 'success') }),
    );
    expect(plan).toMatchObject({ kind: 'resume', entry: { index: 3 }, state: { a: 1, ok: true } });
  });

  it('keeps positional planning when the rows still line up', () => {
    const plan = planStep(
      v1,
      snapshot({ lastRow: row('Confirm', 'suspend'), lastClearedRow: row('Reserve', 'success') }),
    );
    expect(plan).toMatchObject({ kind: 'resume', entry: { index: 2 } });
  });

  it('fails the process with the clear message when the step it stopped at is gone', () => {
    const v3 = workflow({ key: 'deploy' }, steps(init, step('Reserve', noop), done));
    const plan = planStep(
      v3,
      snapshot({ lastRow: row('Confirm', 'suspend'), lastClearedRow: row('Reserve', 'success') }),
    );
    expect(plan).toMatchObject({ kind: 'definition-changed', message: expect.stringMatching(/"Confirm"/) });
  });
});

describe('definitionHash', () => {
  it('is stable for the same steps and differs when the step list changes', () => {
    const again = workflow(
      { key: 'deploy' },
      steps(
        init,
        step('Reserve', () => ({ other: 1 })),
        confirm,
        done,
      ),
    );
    expect(definitionHash(v1)).toMatch(/^[0-9a-f]{16}$/);
    expect(definitionHash(again)).toBe(definitionHash(v1));
    expect(definitionHash(v2)).not.toBe(definitionHash(v1));
  });
});
