import {
  InconsistentDataError,
  ApiUnavailableError,
  done,
  init,
  retryStep,
  step,
  steps,
  task,
  testing,
  workflow,
} from '@wfo/core';

describe('a linear workflow', () => {
  it('runs every step and logs one row per step, oldest first, with the state after each step', async () => {
    const wf = workflow(
      { key: 'linear' },
      steps(
        init,
        step('One', () => ({ one: 1 })),
        step('Two', (state) => ({ two: (state.one as number) + 1 })),
        step('Nothing', () => undefined),
        done,
      ),
    );
    const p = await testing.runWorkflow(wf, [{}]);
    expect(p.status).toBe('completed');
    expect(p.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['One', 'success'],
      ['Two', 'success'],
      ['Nothing', 'success'],
      ['Done', 'complete'],
    ]);
    expect(p.state).toMatchObject({
      one: 1,
      two: 2,
      workflow_name: 'linear',
      reporter: 'SYSTEM',
      workflow_target: 'SYSTEM',
    });
    expect(typeof p.state.process_id).toBe('string');
    // Internal steering keys never reach the stored state.
    for (const row of p.log) expect(Object.keys(row.state).filter((k) => k.startsWith('__'))).toEqual([]);
    expect(p.log[1]!.state).toEqual({ ...p.log[0]!.state, one: 1 });
  });

  it('merges step output shallowly: a returned nested object replaces the old one', async () => {
    const wf = workflow(
      { key: 'shallow' },
      steps(
        init,
        step('Set', () => ({ nested: { a: 1, b: 2 } })),
        step('Replace', () => ({ nested: { c: 3 } })),
        done,
      ),
    );
    const p = await testing.runWorkflow(wf);
    expect(p.state.nested).toEqual({ c: 3 });
  });

  it('completes a workflow whose steps run out without a Done step', async () => {
    const p = await testing.runWorkflow(
      workflow(
        { key: 'no_done' },
        steps(
          init,
          step('Only', () => ({ x: 1 })),
        ),
      ),
    );
    expect(p.status).toBe('completed');
    expect(p.log.map((r) => r.status)).toEqual(['success', 'success']);
  });
});

describe('a failing step', () => {
  function flaky(failures: number) {
    let calls = 0;
    const seen: unknown[] = [];
    const wf = workflow(
      { key: 'flaky' },
      steps(
        init,
        step('Prepare', () => ({ prepared: true })),
        step('Flaky', (state) => {
          calls += 1;
          seen.push(structuredClone(state));
          if (calls <= failures) throw new Error('Device unreachable');
          return { configured: true };
        }),
        done,
      ),
    );
    return { wf, calls: () => calls, seen };
  }

  it('is recorded as in reference §1.7: a failed row with the error state, reason and traceback on the process', async () => {
    const { wf } = flaky(1);
    const p = await testing.runWorkflow(wf);
    expect(p.status).toBe('failed');
    expect(p.lastStep).toBe('Flaky');
    expect(p.failedReason).toBe('Device unreachable');
    expect(p.traceback).toContain('Device unreachable');
    const failedRow = p.log[p.log.length - 1]!;
    expect(failedRow).toMatchObject({ name: 'Flaky', status: 'failed' });
    expect(failedRow.state).toEqual({ class: 'Error', error: 'Device unreachable' });
  });

  it('retries only the failed step, with the state of the last successful step', async () => {
    const { wf, calls, seen } = flaky(1);
    const failedProcess = await testing.runWorkflow(wf);
    const p = await testing.resumeWorkflow(failedProcess);
    expect(p.status).toBe('completed');
    expect(calls()).toBe(2);
    expect(p.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Prepare', 'success'],
      ['Flaky', 'failed'],
      ['Flaky', 'success'],
      ['Done', 'complete'],
    ]);
    // The retry saw the same state as the first attempt (minus its start stamp), never the error state.
    const strip = (s: unknown) => ({ ...(s as object), __last_step_started_at: undefined });
    expect(strip(seen[1])).toEqual(strip(seen[0]));
    expect(seen[1]).toMatchObject({ prepared: true });
    expect(p.failedReason).toBeNull();
  });

  it('updates one row with `retries` when the same failure repeats', async () => {
    const { wf } = flaky(3);
    let p = await testing.runWorkflow(wf);
    p = await testing.resumeWorkflow(p);
    p = await testing.resumeWorkflow(p);
    expect(p.status).toBe('failed');
    const failedRows = p.log.filter((r) => r.status === 'failed');
    expect(failedRows).toHaveLength(1);
    expect(failedRows[0]!.state).toMatchObject({ error: 'Device unreachable', retries: 2 });
    expect(failedRows[0]!.state.completed_at).toHaveLength(2);
    p = await testing.resumeWorkflow(p);
    expect(p.status).toBe('completed');
  });

  it('adds a new row when the failure changes', async () => {
    let calls = 0;
    const wf = workflow(
      { key: 'changing' },
      steps(
        init,
        step('Changing', () => {
          calls += 1;
          throw new Error(`failure ${calls}`);
        }),
        done,
      ),
    );
    let p = await testing.runWorkflow(wf);
    p = await testing.resumeWorkflow(p);
    expect(p.log.filter((r) => r.status === 'failed').map((r) => r.state.error)).toEqual(['failure 1', 'failure 2']);
  });

  it('fails the step when its output cannot be stored as JSON', async () => {
    const wf = workflow(
      { key: 'bigint' },
      steps(
        init,
        step('Big', () => ({ n: BigInt(1) })),
        done,
      ),
    );
    const p = await testing.runWorkflow(wf);
    expect(p.status).toBe('failed');
    expect(p.failedReason).toMatch(/BigInt/);
  });
});

describe('a retry step', () => {
  it('makes the process waiting, and a retry runs it again', async () => {
    let calls = 0;
    const wf = workflow(
      { key: 'retrying' },
      steps(
        init,
        retryStep('Poll', () => {
          calls += 1;
          if (calls === 1) throw new Error('not ready');
          return { ready: true };
        }),
        done,
      ),
    );
    const waiting = await testing.runWorkflow(wf);
    expect(waiting.status).toBe('waiting');
    expect(waiting.log[waiting.log.length - 1]).toMatchObject({ name: 'Poll', status: 'waiting' });
    expect(waiting.failedReason).toBe('not ready');
    expect(calls).toBe(1); // the helpers never retry by themselves
    const p = await testing.resumeWorkflow(waiting);
    expect(p.status).toBe('completed');
    expect(p.state.ready).toBe(true);
  });
});

describe('task failure subtypes', () => {
  const failingTask = (error: () => Error) =>
    task(
      { key: 'failing_task' },
      steps(
        step('Check', () => {
          throw error();
        }),
      ),
    );

  it('InconsistentDataError → inconsistent_data, assigned to NOC, with details', async () => {
    const p = await testing.runWorkflow(failingTask(() => new InconsistentDataError('mismatch', { port: 3 })));
    expect(p.status).toBe('inconsistent_data');
    expect(p.assignee).toBe('NOC');
    expect(p.log[p.log.length - 1]!.state).toMatchObject({ class: 'InconsistentDataError', details: { port: 3 } });
  });

  it('an AssertionError → inconsistent_data', async () => {
    // node:assert throws this class; any class of that name counts, as in orchestrator-core.
    class AssertionError extends Error {}
    expect((await testing.runWorkflow(failingTask(() => new AssertionError('x')))).status).toBe('inconsistent_data');
  });

  it('ApiUnavailableError or an HTTP 502/503/504 error → api_unavailable, assigned to SYSTEM', async () => {
    expect((await testing.runWorkflow(failingTask(() => new ApiUnavailableError('down')))).status).toBe(
      'api_unavailable',
    );
    const gatewayError = () => Object.assign(new Error('Bad gateway'), { status: 502 });
    const p = await testing.runWorkflow(failingTask(gatewayError));
    expect(p.status).toBe('api_unavailable');
    expect(p.assignee).toBe('SYSTEM');
    expect(p.log[p.log.length - 1]!.state).toMatchObject({ status_code: 502 });
  });

  it('any other error → failed; and the same errors in a workflow (not a task) are plain failed', async () => {
    expect((await testing.runWorkflow(failingTask(() => new Error('x')))).status).toBe('failed');
    const wf = workflow(
      { key: 'not_a_task' },
      steps(
        init,
        step('Check', () => {
          throw new InconsistentDataError('mismatch');
        }),
      ),
    );
    expect((await testing.runWorkflow(wf)).status).toBe('failed');
  });

  it('a task gets Start and Done around its body', async () => {
    const p = await testing.runWorkflow(task({ key: 't' }, steps(step('Body', () => ({ ok: true })))));
    expect(p.log.map((r) => r.name)).toEqual(['Start', 'Body', 'Done']);
    expect(p.status).toBe('completed');
  });
});

describe('ctx.subscriptions in the in-memory helpers', () => {
  it('says that subscriptions need a database, and stays printable', async () => {
    const wf = workflow(
      { key: 'needs_db' },
      steps(
        init,
        step('Inspect', (_state, ctx) => ({ printed: String(Object.prototype.toString.call(ctx.subscriptions)) })),
        step('Load', async (_state, ctx) => {
          await ctx.subscriptions.load('00000000-0000-4000-8000-000000000000');
        }),
        done,
      ),
    );
    const p = await testing.runWorkflow(wf);
    expect(p.status).toBe('failed');
    expect(p.lastStep).toBe('Load');
    expect(p.failedReason).toMatch(
      /ctx\.subscriptions\.load needs the application's products: pass it to the testing helpers/,
    );
  });
});
