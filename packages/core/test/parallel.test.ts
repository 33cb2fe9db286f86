import { callbackStep, done, init, parallel, step, steps, testing, workflow } from '@wfo/core';

const rows = (p: { log: ReadonlyArray<{ name: string; status: string }> }) => p.log.map((r) => `${r.name}:${r.status}`);

describe('parallel in the testing helpers (SPEC §9)', () => {
  it('runs every branch from the fork state and joins the keys they changed', async () => {
    const wf = workflow(
      { key: 'provision' },
      steps(
        init,
        step('Before', () => ({ hostname: 'r1' })),
        parallel('Provision', {
          dns: step('Add record', (s) => ({ record: `${String(s.hostname)}.example` })),
          ipam: steps(
            step('Reserve', () => ({ ip: '10.0.0.1' })),
            step('Announce', (s) => ({ announced: s.ip })),
          ),
        }),
        step('After', (s) => ({ summary: `${String(s.record)} ${String(s.ip)}` })),
        done,
      ),
    );
    const p = await testing.runWorkflow(wf);
    expect(p.status).toBe('completed');
    expect(rows(p)).toEqual(['Start:success', 'Before:success', 'Provision:success', 'After:success', 'Done:complete']);
    expect(p.state).toMatchObject({
      record: 'r1.example',
      ip: '10.0.0.1',
      announced: '10.0.0.1',
      summary: 'r1.example 10.0.0.1',
    });
    expect(rows(p.branches['Provision › ipam']!)).toEqual(['Reserve:success', 'Announce:success']);
  });

  it('a failed branch fails the parallel step; a retry runs only that branch from its failed step', async () => {
    const runs: string[] = [];
    let fixed = false;
    const wf = workflow(
      { key: 'flaky' },
      steps(
        init,
        parallel('Fork', {
          good: step('Good', () => {
            runs.push('Good');
            return { good: true };
          }),
          flaky: steps(
            step('Flaky 1', () => {
              runs.push('Flaky 1');
              return { flaky_1: true };
            }),
            step('Flaky 2', () => {
              runs.push('Flaky 2');
              if (!fixed) throw new Error('not yet');
              return { flaky_2: true };
            }),
          ),
        }),
        done,
      ),
    );
    const failed = await testing.runWorkflow(wf);
    expect(failed.status).toBe('failed');
    expect(failed.failedReason).toBe('Parallel step "Fork": branch "flaky" failed at step "Flaky 2": not yet');
    fixed = true;
    const p = await testing.resumeWorkflow(failed);
    expect(p.status).toBe('completed');
    expect(runs).toEqual(['Good', 'Flaky 1', 'Flaky 2', 'Flaky 2']);
    expect(rows(p)).toEqual(['Start:success', 'Fork:failed', 'Fork:success', 'Done:complete']);
    expect(p.state).toMatchObject({ good: true, flaky_1: true, flaky_2: true });
  });

  it('two branches changing one key fail the parallel step, naming the key', async () => {
    const wf = workflow(
      { key: 'conflict' },
      steps(init, parallel('Fork', { a: step('A', () => ({ vlan: 1 })), b: step('B', () => ({ vlan: 2 })) }), done),
    );
    const p = await testing.runWorkflow(wf);
    expect(p.status).toBe('failed');
    expect(p.failedReason).toMatch(/branches "a" and "b" both changed "vlan"/);
  });

  it('refuses, clearly, a branch that stops without completing (a callback the helpers cannot answer)', async () => {
    const wf = workflow(
      { key: 'calls_out' },
      steps(
        init,
        parallel('Fork', {
          external: callbackStep('Configure', {
            action: step('Send', () => undefined),
            validate: step('Check', () => undefined),
          }),
        }),
        done,
      ),
    );
    await expect(testing.runWorkflow(wf)).rejects.toThrow(/branch "external" is awaiting_callback/);
  });
});
