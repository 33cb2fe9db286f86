import { failed, logStep, success, waiting, type LogStepInput, type StepRowRecord } from '@wfo/engine';

const base: Omit<LogStepInput, 'result'> = {
  stepName: 'Step',
  rowName: 'Step',
  assignee: 'SYSTEM',
  lastRow: null,
  user: 'alice',
  isTask: false,
  now: 1000,
};

const row = (over: Partial<StepRowRecord>): StepRowRecord => ({
  stepId: 'row-1',
  name: 'Step',
  status: 'failed',
  state: { class: 'Error', error: 'boom' },
  createdBy: 'alice',
  startedAt: 900,
  completedAt: 950,
  ...over,
});

describe('logStep (reference §1.7)', () => {
  it('inserts a row with the cleaned state and clears the failure columns', () => {
    const logged = logStep({
      ...base,
      result: success({
        a: 1,
        gone: true,
        __remove_keys: ['gone'],
        __last_step_started_at: 990,
        __step_name_override: 'Group',
      }),
    });
    expect(logged.row).toEqual({
      kind: 'insert',
      name: 'Group',
      status: 'success',
      state: { a: 1 },
      createdBy: 'alice',
      startedAt: 990,
      completedAt: 1000,
    });
    expect(logged.process).toEqual({
      lastStep: 'Step',
      lastStatus: 'running',
      assignee: 'SYSTEM',
      failedReason: null,
      traceback: null,
    });
    expect(logged.result.state).toEqual({ a: 1 });
  });

  it('replaces the newest row when asked', () => {
    const logged = logStep({
      ...base,
      lastRow: row({ status: 'success', state: {} }),
      result: success({ b: 2, __replace_last_state: true }),
    });
    expect(logged.row).toMatchObject({ kind: 'update', stepId: 'row-1', status: 'success', state: { b: 2 } });
  });

  it('moves the error and traceback to the process row, truncated, and keeps the traceback out of the step row', () => {
    const logged = logStep({
      ...base,
      result: failed({ class: 'Error', error: 'x'.repeat(20_000), traceback: `start${'y'.repeat(60_000)}` }),
    });
    expect(logged.process.lastStatus).toBe('failed');
    expect(logged.process.failedReason).toHaveLength(10_000);
    expect(logged.process.traceback).toHaveLength(50_000);
    expect(logged.process.traceback!.startsWith('start')).toBe(false);
    expect(logged.row.state).not.toHaveProperty('traceback');
  });

  it('de-duplicates a repeated failure of the same step by the same user', () => {
    const first = logStep({
      ...base,
      lastRow: row({}),
      result: failed({ class: 'Error', error: 'boom', traceback: 't' }),
    });
    expect(first.row).toMatchObject({ kind: 'update', stepId: 'row-1', state: { error: 'boom', retries: 1 } });
    expect((first.row.state.completed_at as string[])[0]).toBe(new Date(950_000).toISOString());
    const again = logStep({
      ...base,
      lastRow: row({ state: first.row.state, completedAt: 1000 }),
      result: failed({ class: 'Error', error: 'boom' }),
    });
    expect(again.row.state).toMatchObject({ retries: 2 });
    expect(again.row.state.completed_at).toHaveLength(2);
  });

  it('does not de-duplicate across users, messages, details or statuses', () => {
    const variants: Array<[Partial<StepRowRecord>, ReturnType<typeof failed>]> = [
      [{ createdBy: 'bob' }, failed({ error: 'boom' })],
      [{}, failed({ error: 'other' })],
      [{ state: { error: 'boom', details: { a: 1 } } }, failed({ error: 'boom', details: { a: 2 } })],
      [{}, waiting({ error: 'boom' })],
      [{ name: 'Other' }, failed({ error: 'boom' })],
    ];
    for (const [over, result] of variants)
      expect(logStep({ ...base, lastRow: row(over), result }).row.kind).toBe('insert');
  });

  it('compares details regardless of key order (jsonb reorders keys)', () => {
    const logged = logStep({
      ...base,
      lastRow: row({ state: { error: 'boom', details: { b: 1, a: 2 } } }),
      result: failed({ error: 'boom', details: { a: 2, b: 1 } }),
    });
    expect(logged.row.kind).toBe('update');
  });

  it('classifies task failures', () => {
    const task = { ...base, isTask: true };
    expect(logStep({ ...task, result: failed({ class: 'InconsistentDataError', error: 'x' }) }).process).toMatchObject({
      lastStatus: 'inconsistent_data',
      assignee: 'NOC',
    });
    expect(
      logStep({ ...task, result: failed({ class: 'Error', error: 'x', status_code: 503 }) }).process.lastStatus,
    ).toBe('api_unavailable');
    expect(
      logStep({ ...task, result: waiting({ class: 'InconsistentDataError', error: 'x' }) }).process.lastStatus,
    ).toBe('waiting');
  });

  it('turns a state that JSON cannot hold into a failure of the step', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    const logged = logStep({ ...base, result: success({ cyclic }) });
    expect(logged.row.status).toBe('failed');
    expect(logged.process.failedReason).toMatch(/circular/i);
  });
});
