import { joinBranchStates } from '@wfo/engine';

describe('joinBranchStates (SPEC §9 state merge of parallel branches)', () => {
  const fork = { a: 1, shared: { x: 1 }, gone: true, __step_group: 'G' };

  it('applies the keys each branch added, changed or deleted to the fork state', () => {
    const join = joinBranchStates('Provision', fork, [
      { name: 'dns', state: { ...fork, dns: 'ok', a: 2 } },
      { name: 'ipam', state: { a: 1, shared: { x: 1 }, ip: '10.0.0.1', __step_group: 'other' } },
    ]);
    expect(join).toEqual({
      kind: 'joined',
      state: { a: 2, shared: { x: 1 }, dns: 'ok', ip: '10.0.0.1', __step_group: 'G' },
    });
  });

  it('fails naming the key when two branches change it, even to the same value', () => {
    const join = joinBranchStates('Provision', fork, [
      { name: 'dns', state: { ...fork, shared: { x: 2 } } },
      { name: 'ipam', state: { ...fork, shared: { x: 2 } } },
    ]);
    expect(join).toMatchObject({ kind: 'conflict', key: 'shared', branches: ['dns', 'ipam'] });
    expect(join.kind === 'conflict' && join.message).toMatch(/branches "dns" and "ipam" both changed "shared"/);
  });
});
