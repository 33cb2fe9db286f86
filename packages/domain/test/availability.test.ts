import { subscriptionWorkflows, type LinkedWorkflow, type RelatedSubscription } from '@wfo/domain';

const wf = (name: string, target: string, is_task = false): LinkedWorkflow => ({
  name,
  target,
  is_task,
  description: name,
});
const workflows = [
  wf('create_x', 'CREATE'),
  wf('modify_x', 'MODIFY'),
  wf('modify_note', 'MODIFY'),
  wf('terminate_x', 'TERMINATE'),
  wf('validate_x', 'VALIDATE'),
  wf('reconcile_x', 'RECONCILE'),
];
const related = (id: string, status: string, insync: boolean): RelatedSubscription => ({
  subscription_id: id,
  description: `sub ${id}`,
  status,
  insync,
});

describe('workflow availability (reference §1.13)', () => {
  it('everything usable for an active, in-sync subscription without relations', () => {
    const result = subscriptionWorkflows({
      subscription: { status: 'active', insync: true },
      workflows,
      inUseBy: [],
      dependsOn: [],
    });
    expect(result.reason).toBeUndefined();
    expect(result.modify).toEqual([
      { name: 'modify_x', description: 'modify_x' },
      { name: 'modify_note', description: 'modify_note' },
    ]);
    expect(result.create).toEqual([
      expect.objectContaining({ name: 'create_x', reason: 'subscription.no_modify_invalid_status', usable_when: [] }),
    ]);
  });

  it('not in sync: subscription.not_in_sync everywhere but modify_note, tasks and reconcile', () => {
    const result = subscriptionWorkflows({
      subscription: { status: 'active', insync: false },
      workflows,
      inUseBy: [],
      dependsOn: [],
    });
    expect(result.reason).toBe('subscription.not_in_sync');
    expect(result.modify.find((w) => w.name === 'modify_x')?.reason).toBe('subscription.not_in_sync');
    expect(result.modify.find((w) => w.name === 'modify_note')?.reason).toBeUndefined();
    expect(result.reconcile[0]?.reason).toBeUndefined();
    expect(result.terminate[0]?.reason).toBe('subscription.not_in_sync');
  });

  it('a related subscription out of sync: subscription.relations_not_in_sync with locked_relations', () => {
    const result = subscriptionWorkflows({
      subscription: { status: 'active', insync: true },
      workflows,
      inUseBy: [related('a', 'active', false)],
      dependsOn: [related('b', 'active', false), related('c', 'active', true)],
    });
    expect(result.reason).toBe('subscription.relations_not_in_sync');
    expect(result.locked_relations).toEqual(['a', 'b']);
    expect(result.locked_relations_detail).toEqual([
      { subscription_id: 'a', subscription_description: 'sub a' },
      { subscription_id: 'b', subscription_description: 'sub b' },
    ]);
    expect(result.modify.find((w) => w.name === 'modify_x')).toMatchObject({
      reason: 'subscription.relations_not_in_sync',
      locked_relations: ['a', 'b'],
    });
  });

  it('a status the workflow may not run on: subscription.no_modify_invalid_status with usable_when', () => {
    const result = subscriptionWorkflows({
      subscription: { status: 'initial', insync: true },
      workflows,
      inUseBy: [],
      dependsOn: [],
    });
    expect(result.modify.find((w) => w.name === 'modify_x')).toEqual({
      name: 'modify_x',
      description: 'modify_x',
      reason: 'subscription.no_modify_invalid_status',
      usable_when: ['active'],
      status: 'initial',
      action: 'modified',
    });
    expect(result.terminate[0]).toMatchObject({ usable_when: ['active', 'provisioning'], action: 'terminated' });
  });

  it('a subscription used by unterminated others cannot be terminated', () => {
    const result = subscriptionWorkflows({
      subscription: { status: 'active', insync: true },
      workflows,
      inUseBy: [related('user', 'active', true), related('gone', 'terminated', true)],
      dependsOn: [],
    });
    expect(result.terminate[0]).toEqual({
      name: 'terminate_x',
      description: 'terminate_x',
      reason: 'subscription.no_modify_subscription_in_use_by_others',
      unterminated_in_use_by_subscriptions: ['user'],
      unterminated_in_use_by_subscriptions_detail: [{ subscription_id: 'user', subscription_description: 'sub user' }],
      action: 'terminated',
    });
    expect(result.modify.find((w) => w.name === 'modify_x')?.reason).toBeUndefined();
  });
});
