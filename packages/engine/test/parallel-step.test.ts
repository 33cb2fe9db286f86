import { z } from 'zod';
import {
  branchWorkflowKey,
  callbackStep,
  definitionHash,
  inputStep,
  parallel,
  ProcessStatus,
  resolveBranchWorkflow,
  retryStep,
  settleBranches,
  step,
  stepGroup,
  steps,
  StepStatus,
  workflow,
  type BranchProgress,
  type Step,
  type Workflow,
} from '@wfo/engine';

const noop = (name: string) => step(name, () => undefined);
const confirm = inputStep('Confirm', { form: z.object({ ok: z.boolean() }) });

describe('parallel(name, branches): checks at definition (SPEC §9)', () => {
  it('builds one step whose branches keep their order and steps', () => {
    const fork = parallel('Provision', { dns: noop('Add record'), ipam: steps(noop('Reserve'), noop('Assign')) });
    expect(fork).toMatchObject({ name: 'Provision', kind: 'parallel' });
    expect(fork.parallel?.branches.map((b) => [b.name, b.steps.names()])).toEqual([
      ['dns', ['Add record']],
      ['ipam', ['Reserve', 'Assign']],
    ]);
  });

  it('refuses an input step inside a branch, also inside a step group there', () => {
    expect(() => parallel('P', { a: noop('A'), b: steps(noop('B'), confirm) })).toThrow(
      new TypeError(
        'parallel "P": branch "b" contains input step "Confirm": input steps are not allowed inside a branch',
      ),
    );
    expect(() => parallel('P', { a: stepGroup('G', steps(noop('A'), confirm)) })).toThrow(TypeError);
  });

  it('refuses nesting, empty branches, bad branch names and non-steps', () => {
    const inner = parallel('Inner', { x: noop('X') });
    expect(() => parallel('P', { a: inner })).toThrow(/parallel step "Inner": they do not nest/);
    expect(() => stepGroup('G', inner)).toThrow(/contains parallel step "Inner"/);
    expect(() => parallel('P', {})).toThrow(/at least one branch/);
    expect(() => parallel('P', { a: steps() })).toThrow(/branch "a" has no steps/);
    expect(() => parallel('P', { 'a › b': noop('A') })).toThrow(/may not contain/);
    expect(() => parallel('P', { ' ': noop('A') })).toThrow(/non-empty name/);
    expect(() => parallel('P', { a: (() => undefined) as unknown as Step })).toThrow(TypeError);
    expect(() => parallel('', { a: noop('A') })).toThrow(TypeError);
  });

  it('accepts retry, callback and sleep-free builtin steps in a branch', () => {
    const callback = callbackStep('Configure', { action: noop('Send'), validate: noop('Check') });
    expect(() => parallel('P', { a: retryStep('Try', () => undefined), b: callback })).not.toThrow();
  });
});

describe('branch workflows', () => {
  const fork = parallel('Provision', { dns: noop('Add record'), ipam: steps(noop('Reserve'), noop('Assign')) });
  const parent = workflow({ key: 'create_thing' }, steps(noop('Before'), fork, noop('After')));
  const registry = new Map<string, Workflow>([[parent.key, parent]]);

  it('resolves a branch key to the branch steps under the parent, once per branch', () => {
    const key = branchWorkflowKey('create_thing', 'Provision', 'ipam');
    expect(key).toBe('create_thing › Provision › ipam');
    const branch = resolveBranchWorkflow((k) => registry.get(k), key)!;
    expect(branch.steps.names()).toEqual(['Reserve', 'Assign']);
    expect(branch.branchOf).toEqual({ workflowKey: 'create_thing', parallelStep: 'Provision', branch: 'ipam' });
    expect(branch.target).toBe(parent.target);
    expect(resolveBranchWorkflow((k) => registry.get(k), key)).toBe(branch);
    expect(resolveBranchWorkflow((k) => registry.get(k), 'create_thing › Provision › gone')).toBeUndefined();
    expect(resolveBranchWorkflow((k) => registry.get(k), 'other › Provision › dns')).toBeUndefined();
  });

  it('the definition hash covers the branches, and is unchanged for workflows without them', () => {
    const changed = workflow(
      { key: 'create_thing' },
      steps(noop('Before'), parallel('Provision', { dns: noop('Add record'), ipam: noop('Reserve') }), noop('After')),
    );
    expect(definitionHash(changed)).not.toBe(definitionHash(parent));
    // A fixed value: deploying this change must not make every existing row look like another definition.
    const linear = workflow({ key: 'linear' }, steps(noop('A'), noop('B')));
    expect(definitionHash(linear)).toBe('240f3afecdfa961e');
  });
});

describe('settleBranches: the join once no branch runs', () => {
  const fork = parallel('Provision', { dns: noop('Add record'), ipam: noop('Reserve') });
  const forkState = { process_id: 'p', a: 1 };
  const progress = (branch: string, status: ProcessStatus, state: object = forkState): BranchProgress => ({
    branch,
    status,
    state: state as Record<string, unknown>,
    failedReason: status === ProcessStatus.FAILED ? 'boom' : null,
    lastStep: status === ProcessStatus.FAILED ? 'Reserve' : null,
  });

  it('waits while a branch runs, waits for a retry or awaits a callback', () => {
    for (const status of [ProcessStatus.RUNNING, ProcessStatus.WAITING, ProcessStatus.AWAITING_CALLBACK]) {
      expect(
        settleBranches(fork, forkState, [progress('dns', ProcessStatus.FAILED), progress('ipam', status)]),
      ).toEqual({ kind: 'running', running: ['ipam'] });
    }
  });

  it('merges the keys each branch changed into the fork state', () => {
    const settled = settleBranches(fork, forkState, [
      progress('ipam', ProcessStatus.COMPLETED, { ...forkState, ip: '10.0.0.1' }),
      progress('dns', ProcessStatus.COMPLETED, { ...forkState, record: 'a.example' }),
    ]);
    expect(settled).toEqual({
      kind: 'settled',
      result: { status: StepStatus.SUCCESS, state: { process_id: 'p', a: 1, ip: '10.0.0.1', record: 'a.example' } },
    });
  });

  it('fails naming the key two branches changed', () => {
    const settled = settleBranches(fork, forkState, [
      progress('dns', ProcessStatus.COMPLETED, { ...forkState, a: 2 }),
      progress('ipam', ProcessStatus.COMPLETED, { ...forkState, a: 3 }),
    ]);
    expect(settled).toMatchObject({ kind: 'settled', result: { status: StepStatus.FAILED } });
    const error = settled.kind === 'settled' ? settled.result.state.error : undefined;
    expect(error).toMatch(/Parallel step "Provision": branches "dns" and "ipam" both changed "a"/);
  });

  it('fails naming every failed or aborted branch, in declaration order', () => {
    const settled = settleBranches(fork, forkState, [
      progress('ipam', ProcessStatus.FAILED),
      progress('dns', ProcessStatus.ABORTED),
    ]);
    expect(settled).toEqual({
      kind: 'settled',
      result: {
        status: StepStatus.FAILED,
        state: {
          class: 'ParallelBranchError',
          error: 'Parallel step "Provision": branch "dns" was aborted; branch "ipam" failed at step "Reserve": boom',
          failed_branches: ['dns', 'ipam'],
        },
      },
    });
  });
});
