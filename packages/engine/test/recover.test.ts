import { done, init, inputStep, recover, step, stepGroup, steps, workflow, type StepRowRecord } from '@wfo/engine';
import { z } from 'zod';

const wf = workflow(
  { key: 'r' },
  steps(
    init,
    step('A', () => ({})),
    stepGroup(
      'G',
      steps(
        step('G1', () => ({})),
        inputStep('G2', { form: z.object({}) }),
        step('G3', () => ({})),
      ),
    ),
    step('B', () => ({})),
    done,
  ),
);
// Flat plan: 0 Start, 1 A, 2 G-Enter, 3 G1, 4 G2, 5 G3, 6 G-Exit, 7 B, 8 Done

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

describe('recover (reference §1.8)', () => {
  it('an empty log starts at the first step with an empty state', () => {
    const r = recover(wf, []);
    expect(r).toMatchObject({
      clearedCount: 0,
      position: 0,
      definitionChanged: null,
      result: { status: 'success', state: {} },
    });
    expect(r.remaining.map((s) => s.name)).toEqual(['Start', 'A', 'G', 'B', 'Done']);
  });

  it('skips as many steps as there are cleared rows and continues from the last cleared state', () => {
    const r = recover(wf, [
      row('Start', 'success', { x: 1 }),
      row('A', 'success', { x: 2 }),
      row('G', 'failed', { error: 'e' }),
    ]);
    expect(r.result).toEqual({ status: 'success', state: { x: 2 } });
    expect(r.remaining.map((s) => s.name)).toEqual(['G', 'B', 'Done']);
    expect(r.position).toBe(2);
  });

  it('uses the suspended row state and points at the suspended sub-step of a group', () => {
    const r = recover(wf, [
      row('Start', 'success'),
      row('A', 'success'),
      row('G', 'suspend', { __step_group: 'G', __sub_step: 'G2', y: 1 }),
    ]);
    expect(r.result.status).toBe('suspend');
    expect(r.position).toBe(4);
  });

  it('continues a group in progress after its last sub-step', () => {
    const r = recover(wf, [
      row('Start', 'success'),
      row('A', 'success'),
      row('G', 'success', { __step_group: 'G', __sub_step: 'G2' }),
    ]);
    expect(r.clearedCount).toBe(2);
    expect(r.position).toBe(5);
    expect(r.remaining[0]!.name).toBe('G');
  });

  it('leaves nothing to run after a complete row', () => {
    const rows = ['Start', 'A', 'G', 'B'].map((name) => row(name, 'success'));
    const r = recover(wf, [...rows, row('Done', 'complete')]);
    expect(r.remaining).toEqual([]);
  });

  it('reports a definition that no longer has the step the process stopped at or last completed', () => {
    const r = recover(wf, [row('Start', 'success'), row('Renamed', 'success')]);
    expect(r.definitionChanged).toMatch(/stopped at step "Renamed", but workflow "r" no longer has a step/);
    expect(recover(wf, [row('Start', 'success'), row('A', 'success'), row('X', 'failed')]).definitionChanged).toMatch(
      /"X"/,
    );
  });

  it('places a process by name when the rows no longer line up by position (SPEC §9)', () => {
    // The log of an older definition [Start, Old, A, …]: "Old" is gone, but the process stopped at "G", which exists.
    const r = recover(wf, [
      row('Start', 'success'),
      row('Old', 'success'),
      row('A', 'success'),
      row('G', 'suspend', { __step_group: 'G', __sub_step: 'G2' }),
    ]);
    expect(r.definitionChanged).toBeNull();
    expect(r.position).toBe(4);
    expect(r.remaining.map((s) => s.name)).toEqual(['G', 'B', 'Done']);
  });
});
