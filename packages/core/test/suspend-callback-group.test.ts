import { z } from 'zod';
import {
  FormNotCompleteError,
  FormValidationError,
  abort,
  callbackStep,
  conditional,
  done,
  focusSteps,
  init,
  inputStep,
  step,
  stepGroup,
  steps,
  testing,
  workflow,
} from '@wfo/core';

describe('an input step', () => {
  const wf = workflow(
    { key: 'with_input' },
    steps(
      init,
      step('Prepare', () => ({ settings: { mtu: 1500, vlan: 10 }, tags: ['a'] })),
      inputStep('Confirm', {
        form: z.object({
          settings: z.object({ vlan: z.number().int() }),
          tags: z.array(z.string()),
          confirmed: z.boolean(),
        }),
        assignee: 'NOC',
      }),
      step('Use', (state) => ({ used: state.confirmed })),
      done,
    ),
  );

  it('suspends the process, assigned to the step assignee', async () => {
    const p = await testing.runWorkflow(wf);
    expect(p.status).toBe('suspended');
    expect(p.assignee).toBe('NOC');
    expect(p.log[p.log.length - 1]).toMatchObject({ name: 'Confirm', status: 'suspend' });
  });

  it('refuses invalid input with loc, changing nothing, and asks for the form on empty input', async () => {
    const p = await testing.runWorkflow(wf);
    const invalid = await testing
      .resumeWorkflow(p, [{ settings: { vlan: 'x' }, tags: [], confirmed: true }])
      .catch((e) => e);
    expect(invalid).toBeInstanceOf(FormValidationError);
    expect((invalid as FormValidationError).errors[0]!.loc).toEqual(['settings', 'vlan']);
    const incomplete = await testing.resumeWorkflow(p, []).catch((e) => e);
    expect(incomplete).toBeInstanceOf(FormValidationError); // `[]` counts as `[{}]`: required fields are missing
    expect(p.status).toBe('suspended');
  });

  it('resumes with the input deep-merged into the state and logs the input step as success', async () => {
    const suspended = await testing.runWorkflow(wf);
    const p = await testing.resumeWorkflow(suspended, [{ settings: { vlan: 20 }, tags: ['b'], confirmed: true }]);
    expect(p.status).toBe('completed');
    expect(p.state).toMatchObject({ settings: { mtu: 1500, vlan: 20 }, tags: ['b'], used: true });
    expect(p.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Prepare', 'success'],
      ['Confirm', 'suspend'],
      ['Confirm', 'success'],
      ['Use', 'success'],
      ['Done', 'complete'],
    ]);
  });

  it('a resume of a process that is not resumable is refused with 409', async () => {
    const suspended = await testing.runWorkflow(wf);
    const p = await testing.resumeWorkflow(suspended, [{ settings: { vlan: 20 }, tags: [], confirmed: true }]);
    const refused = await testing.resumeWorkflow(p, [{}]).catch((e) => e);
    expect(refused).toMatchObject({ httpStatus: 409, message: 'Resuming a completed workflow is not possible' });
  });
});

describe('a callback step', () => {
  const calls: string[] = [];
  const wf = workflow(
    { key: 'with_callback' },
    steps(
      init,
      callbackStep('Configure device', {
        action: step('Send config', (state) => {
          calls.push(String(state.callback_route));
          return { sent: true };
        }),
        validate: step('Check config', (state) => {
          const result = state.device_result as { ok: boolean };
          if (!result.ok) throw new Error('device refused');
          return { checked: true };
        }),
        resultKey: 'device_result',
        timeoutSeconds: 60,
      }),
      done,
    ),
  );

  it('hands out a route with a URL-safe token, awaits, then continues with the posted body under the result key', async () => {
    const awaiting = await testing.runWorkflow(wf);
    expect(awaiting.status).toBe('awaiting_callback');
    const route = String(awaiting.state.callback_route);
    expect(route).toMatch(new RegExp(`^/api/processes/${awaiting.processId}/callback/[A-Za-z0-9_-]{43}$`));
    expect(calls).toContain(route);
    expect(awaiting.state.__callback_token).toBe(route.split('/').pop());
    expect(awaiting.state.__callback_result_key).toBe('device_result');
    expect(awaiting.state.__callback_timeout).toBe(60);
    // One row for the whole group, showing the await.
    expect(awaiting.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Configure device', 'awaiting_callback'],
    ]);

    const progressed = await testing.callbackProgress(awaiting, { percent: 50 });
    expect(progressed.state.callback_progress).toEqual({ percent: 50 });
    expect(progressed.status).toBe('awaiting_callback');

    const p = await testing.callback(progressed, { ok: true });
    expect(p.status).toBe('completed');
    expect(p.state).toMatchObject({ device_result: { ok: true }, checked: true, sent: true, callback_route: route });
    expect(p.state.callback_progress).toBeUndefined(); // progress is dropped at the next logged step
    expect(p.state.__callback_token).toBeUndefined();
    expect(p.state.__step_group).toBeUndefined();
    expect(p.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Configure device', 'awaiting_callback'],
      ['Configure device', 'success'],
      ['Done', 'complete'],
    ]);
  });

  it('a callback to a process that is not awaiting is refused with 409', async () => {
    const p = await testing.runWorkflow(wf);
    const done_ = await testing.callback(p, { ok: true });
    await expect(testing.callback(done_, { ok: true })).rejects.toMatchObject({ httpStatus: 409 });
  });

  it('times out in place, and a retry re-runs the whole group', async () => {
    const before = calls.length;
    const awaiting = await testing.runWorkflow(wf);
    const timedOut = await testing.timeoutCallback(awaiting);
    expect(timedOut.status).toBe('failed');
    expect(timedOut.failedReason).toBe('Callback timed out');
    expect(timedOut.lastStep).toBe('Callback timed out');
    expect(timedOut.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Configure device', 'failed'],
    ]);
    const retried = await testing.resumeWorkflow(timedOut);
    expect(retried.status).toBe('awaiting_callback');
    expect(calls.length).toBe(before + 2); // the action ran again
    expect(retried.state.callback_route).not.toBe(awaiting.state.callback_route);
  });
});

describe('a step group', () => {
  function groupWorkflow(failOnce: { value: boolean }) {
    const runs: string[] = [];
    const wf = workflow(
      { key: 'grouped' },
      steps(
        init,
        stepGroup(
          'Provision',
          steps(
            step('Allocate', () => {
              runs.push('Allocate');
              return { allocated: true };
            }),
            inputStep('Approve', { form: z.object({ approved: z.boolean() }) }),
            step('Apply', () => {
              runs.push('Apply');
              if (failOnce.value) {
                failOnce.value = false;
                throw new Error('apply failed');
              }
              return { applied: true };
            }),
          ),
        ),
        step('After', () => ({ after: true })),
        done,
      ),
    );
    return { wf, runs };
  }

  it('is one row; a suspend inside resumes with the next sub-step', async () => {
    const { wf, runs } = groupWorkflow({ value: false });
    const suspended = await testing.runWorkflow(wf);
    expect(suspended.status).toBe('suspended');
    expect(suspended.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Provision', 'suspend'],
    ]);
    expect(suspended.state).toMatchObject({ __step_group: 'Provision', __sub_step: 'Approve', allocated: true });
    expect(suspended.lastStep).toBe('Approve');
    const p = await testing.resumeWorkflow(suspended, [{ approved: true }]);
    expect(p.status).toBe('completed');
    expect(runs).toEqual(['Allocate', 'Apply']);
    expect(p.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Provision', 'suspend'],
      ['Provision', 'success'],
      ['After', 'success'],
      ['Done', 'complete'],
    ]);
    expect(p.state).toMatchObject({ approved: true, applied: true, after: true });
    expect(p.state.__step_group).toBeUndefined();
    expect(p.state.__sub_step).toBeUndefined();
  });

  it('a failure fails the group row; a retry restarts the group from its first sub-step', async () => {
    const failOnce = { value: true };
    const { wf, runs } = groupWorkflow(failOnce);
    const suspended = await testing.runWorkflow(wf);
    const failedP = await testing.resumeWorkflow(suspended, [{ approved: true }]);
    expect(failedP.status).toBe('failed');
    expect(failedP.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Provision', 'suspend'],
      ['Provision', 'failed'],
    ]);
    const retried = await testing.resumeWorkflow(failedP);
    // Restarted at the first sub-step: Allocate ran again and the group suspends at Approve again.
    expect(runs).toEqual(['Allocate', 'Apply', 'Allocate']);
    expect(retried.status).toBe('suspended');
    const p = await testing.resumeWorkflow(retried, [{ approved: true }]);
    expect(p.status).toBe('completed');
  });
});

describe('conditional steps', () => {
  it('re-evaluate the predicate before each wrapped step', async () => {
    const wf = workflow(
      { key: 'conditional' },
      steps(
        init,
        step('Set', () => ({ go: true })),
        conditional((s) => s.go === true)(
          steps(
            step('First', () => ({ go: false, first: true })),
            step('Second', () => ({ second: true })),
          ),
        ),
        done,
      ),
    );
    const p = await testing.runWorkflow(wf);
    expect(p.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Set', 'success'],
      ['First', 'success'],
      ['Second', 'skipped'],
      ['Done', 'complete'],
    ]);
    expect(p.state.second).toBeUndefined();
  });

  it('skip a whole step group as one skipped row', async () => {
    const wf = workflow(
      { key: 'conditional_group' },
      steps(init, conditional(() => false)(stepGroup('Group', steps(step('Inner', () => ({ inner: 1 }))))), done),
    );
    const p = await testing.runWorkflow(wf);
    expect(p.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Group', 'skipped'],
      ['Done', 'complete'],
    ]);
  });
});

describe('focus steps', () => {
  it('run steps on a part of the state', async () => {
    const wf = workflow(
      { key: 'focus' },
      steps(
        init,
        step('Seed', () => ({ port: { speed: 10 } })),
        focusSteps('port')(
          steps(
            step('Double', (s) => ({ speed: (s.speed as number) * 2 })),
            step('Name', () => ({ name: 'p1' })),
          ),
        ),
        focusSteps('fresh')(step('Create', () => ({ created: true }))),
        done,
      ),
    );
    const p = await testing.runWorkflow(wf);
    expect(p.state.port).toEqual({ speed: 20, name: 'p1' });
    expect(p.state.fresh).toEqual({ created: true });
  });
});

describe('abort', () => {
  it('the abort step ends the process as aborted', async () => {
    const p = await testing.runWorkflow(
      workflow(
        { key: 'abort_step' },
        steps(
          init,
          abort,
          step('Never', () => ({ x: 1 })),
        ),
      ),
    );
    expect(p.status).toBe('aborted');
    expect(p.log.map((r) => [r.name, r.status])).toEqual([
      ['Start', 'success'],
      ['Abort', 'abort'],
    ]);
  });

  it('aborting a suspended process logs "User Aborted" with the suspended state, created by SYSTEM', async () => {
    const wf = workflow(
      { key: 'abortable' },
      steps(init, inputStep('Wait', { form: z.object({ ok: z.boolean() }) }), done),
    );
    const suspended = await testing.runWorkflow(wf);
    const p = await testing.abortWorkflow(suspended);
    expect(p.status).toBe('aborted');
    expect(p.lastStep).toBe('User Aborted');
    expect(p.log[p.log.length - 1]).toMatchObject({ name: 'User Aborted', status: 'abort' });
    await expect(testing.resumeWorkflow(p, [{ ok: true }])).rejects.toMatchObject({ httpStatus: 409 });
  });

  it('aborting a completed process changes nothing', async () => {
    const p = await testing.runWorkflow(workflow({ key: 'finished' }, steps(init, done)));
    const after = await testing.abortWorkflow(p);
    expect(after.status).toBe('completed');
    expect(after.log).toHaveLength(2);
  });
});

describe('forms', () => {
  const wf = workflow(
    {
      key: 'multi_page',
      initialInputForm: function* () {
        const first = (yield z.object({ kind: z.enum(['node', 'port']) })) as { kind: string };
        const second = (yield first.kind === 'node'
          ? z.object({ name: z.string().min(2) })
          : z.object({ speed: z.number().int() })) as Record<string, unknown>;
        return { ...first, ...second };
      },
    },
    steps(init, done),
  );

  it('asks for the next page (510) until every page is answered', async () => {
    const first = await testing.runWorkflow(wf, []).catch((e) => e);
    expect(first).toBeInstanceOf(FormNotCompleteError);
    expect((first as FormNotCompleteError).form.properties).toHaveProperty('kind');
    const second = await testing.runWorkflow(wf, [{ kind: 'node' }]).catch((e) => e);
    expect(second).toBeInstanceOf(FormNotCompleteError);
    expect((second as FormNotCompleteError).form.properties).toHaveProperty('name');
    const p = await testing.runWorkflow(wf, [{ kind: 'node' }, { name: 'r1' }]);
    expect(p.state).toMatchObject({ kind: 'node', name: 'r1' });
  });

  it('reports an invalid page with loc (400)', async () => {
    const err = await testing.runWorkflow(wf, [{ kind: 'node' }, { name: 'x' }]).catch((e) => e);
    expect(err).toBeInstanceOf(FormValidationError);
    expect((err as FormValidationError).errors).toEqual([expect.objectContaining({ loc: ['name'] })]);
  });

  it('a workflow without a form needs one (empty) page', async () => {
    const plain = workflow({ key: 'plain' }, steps(init, done));
    await expect(testing.runWorkflow(plain, [])).rejects.toBeInstanceOf(FormNotCompleteError);
    expect((await testing.runWorkflow(plain, [{}])).status).toBe('completed');
  });
});

describe('an altered workflow definition', () => {
  const v1 = workflow(
    { key: 'evolving' },
    steps(
      init,
      step('Reserve', () => ({ reserved: true })),
      step('Configure', () => {
        throw new Error('device down');
      }),
      done,
    ),
  );

  it('goes on from the failed step found by name when steps before it were renamed or added (SPEC §9)', async () => {
    const failedP = await testing.runWorkflow(v1);
    let reserveRan = false;
    const v2 = workflow(
      { key: 'evolving' },
      steps(
        init,
        step('Check quota', () => ({ quota: true })),
        step('Reserve resources', () => {
          reserveRan = true;
          return {};
        }),
        step('Configure', () => ({ configured: true })),
        done,
      ),
    );
    const p = await testing.resumeWorkflow(failedP, [], { workflow: v2 });
    expect(reserveRan).toBe(false);
    expect(p.status).toBe('completed');
    expect(p.state).toMatchObject({ reserved: true, configured: true });
    expect(p.state).not.toHaveProperty('quota');
  });

  it('fails the process with a clear message when the step it stopped at is gone, until it is restored', async () => {
    const failedP = await testing.runWorkflow(v1);
    let ran = false;
    const v2 = workflow(
      { key: 'evolving' },
      steps(
        init,
        step('Reserve', () => ({ reserved: true })),
        step('Configure device', () => {
          ran = true;
          return {};
        }),
        done,
      ),
    );
    const p = await testing.resumeWorkflow(failedP, [], { workflow: v2 });
    expect(ran).toBe(false);
    expect(p.status).toBe('failed');
    expect(p.lastStep).toBe('Workflow definition changed');
    expect(p.failedReason).toMatch(
      /^Workflow definition changed: this process stopped at step "Configure", but workflow "evolving" no longer has/,
    );
    // Restoring a definition that has the step lets the process go on.
    const v3 = workflow(
      { key: 'evolving' },
      steps(
        init,
        step('Reserve', () => ({})),
        step('Configure', () => ({ ok: true })),
        done,
      ),
    );
    const fixed = await testing.resumeWorkflow(p, [], { workflow: v3 });
    expect(fixed.status).toBe('completed');
  });

  it('adding steps after the current position is safe', async () => {
    const failedP = await testing.runWorkflow(v1);
    const v2 = workflow(
      { key: 'evolving' },
      steps(
        init,
        step('Reserve', () => ({})),
        step('Configure', () => ({ ok: true })),
        step('Extra', () => ({ extra: true })),
        done,
      ),
    );
    const p = await testing.resumeWorkflow(failedP, [], { workflow: v2 });
    expect(p.status).toBe('completed');
    expect(p.state.extra).toBe(true);
  });
});
