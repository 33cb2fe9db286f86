import { done, init, inputStep, step, steps, workflow, type Workflow } from '@wfo/engine';
import request from 'supertest';
import { z } from 'zod';
import { seedProcess, seedProduct, seedSubscription, seedWorkflow } from './support/seed';
import { startTestApp, type TestApp } from './support/test-app';

const modifyThing = workflow(
  { key: 'modify_thing', target: 'MODIFY', description: 'Modify a thing' },
  steps(
    init,
    step('Insert UUID in state', () => ({ subscription_id: 'x' })),
    step('Test that it is a string now', () => ({ nested: { checked: true } })),
    inputStep('Modify', {
      form: (state) =>
        (function* () {
          const answer: { name: string } = yield z.object({ name: z.string().default(String(state.subscription_id)) });
          return answer;
        })(),
    }),
    step('Save', () => ({})),
    done,
  ),
);
const registry = new Map<string, Workflow>([[modifyThing.key, modifyThing]]);

const START = { name: 'Start', status: 'success', state: { reporter: 'alice' } };
const INSERT = {
  name: 'Insert UUID in state',
  status: 'success',
  state: { reporter: 'alice', subscription_id: 'abc' },
};
const TEST = {
  name: 'Test that it is a string now',
  status: 'success',
  state: { reporter: 'alice', subscription_id: 'abc', nested: { checked: true, kept: 1 } },
};

describe('GET /api/processes/{id}', () => {
  let t: TestApp;
  let workflowId: string;
  let subscriptionId: string;

  beforeAll(async () => {
    t = await startTestApp(registry);
    workflowId = (await seedWorkflow(t.prisma, { name: 'modify_thing', target: 'MODIFY' })).workflow_id;
    const product = await seedProduct(t.prisma, { name: 'Node', tag: 'NODE' });
    subscriptionId = (await seedSubscription(t.prisma, { product_id: product.product_id, customer_id: 'cust' }))
      .subscription_id;
  });
  afterAll(() => t.close());

  it('shows a suspended process: logged steps with deltas, pending steps from the suspended one, and its form', async () => {
    const pid = await seedProcess(t.prisma, {
      workflow_id: workflowId,
      last_status: 'suspended',
      last_step: 'Modify',
      subscriptionIds: [subscriptionId],
      steps: [START, INSERT, TEST, { name: 'Modify', status: 'suspend', state: TEST.state }],
    });
    const res = await request(t.app).get(`/api/processes/${pid}`).expect(200);
    const body = res.body;
    expect(body).toMatchObject({
      process_id: pid,
      workflow_name: 'modify_thing',
      workflow_target: 'MODIFY',
      last_status: 'suspended',
      product_id: expect.any(String),
      customer_id: 'cust',
      current_state: TEST.state,
    });
    expect(body.subscriptions).toHaveLength(1);
    expect(body.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`)).toEqual([
      'Start:success',
      'Insert UUID in state:success',
      'Test that it is a string now:success',
      'Modify:suspend',
      'Modify:pending',
      'Save:pending',
      'Done:pending',
    ]);
    const [start, insert, test, modify, pendingModify] = body.steps;
    expect(start.state_delta).toEqual(START.state);
    expect(insert.state_delta).toEqual({ subscription_id: 'abc' });
    expect(test.state_delta).toEqual({ nested: { checked: true, kept: 1 } });
    expect(modify.state_delta).toEqual({});
    expect(insert).toMatchObject({ step_id: expect.any(String), created_by: 'SYSTEM', state: INSERT.state });
    expect(insert.stepid).toBe(insert.step_id);
    expect(insert.executed).toBe(insert.completed);
    expect(insert.started).toBeGreaterThan(start.started);
    expect(pendingModify).toEqual({
      step_id: null,
      stepid: null,
      name: 'Modify',
      status: 'pending',
      created_by: null,
      executed: null,
      started: null,
      completed: null,
      commit_hash: null,
      state: null,
      state_delta: null,
    });
    // The form's first page, generated against the current state (its default comes from the state).
    expect(body.form).toMatchObject({ type: 'object', properties: { name: { default: 'abc' } } });
  });

  it('shows a failed process: the failed step pending again, the state of the last successful step, no form', async () => {
    const failedState = { error: 'boom', class: 'Error' };
    const pid = await seedProcess(t.prisma, {
      workflow_id: workflowId,
      last_status: 'failed',
      failed_reason: 'boom',
      steps: [START, INSERT, { name: 'Test that it is a string now', status: 'failed', state: failedState }],
    });
    const res = await request(t.app).get(`/api/processes/${pid}`).expect(200);
    expect(res.body.current_state).toEqual(INSERT.state);
    expect(res.body.form).toBeNull();
    expect(res.body.failed_reason).toBe('boom');
    const names = res.body.steps.map((s: { name: string; status: string }) => `${s.name}:${s.status}`);
    expect(names).toEqual([
      'Start:success',
      'Insert UUID in state:success',
      'Test that it is a string now:failed',
      'Test that it is a string now:pending',
      'Modify:pending',
      'Save:pending',
      'Done:pending',
    ]);
    // A failed row's delta is relative to the last finished step.
    expect(res.body.steps[2].state_delta).toEqual(failedState);
  });

  it('shows a completed process with nothing pending', async () => {
    const end = { ...TEST.state, name: 'x' };
    const pid = await seedProcess(t.prisma, {
      workflow_id: workflowId,
      steps: [
        START,
        INSERT,
        TEST,
        { name: 'Modify', status: 'success', state: end },
        { name: 'Save', status: 'success', state: end },
        { name: 'Done', status: 'complete', state: end },
      ],
    });
    const res = await request(t.app).get(`/api/processes/${pid}`).expect(200);
    expect(res.body.steps).toHaveLength(6);
    expect(res.body.steps.every((s: { status: string }) => s.status !== 'pending')).toBe(true);
    expect(res.body.current_state).toEqual(end);
    expect(res.body.form).toBeNull();
  });

  it('shows a process of a workflow that is not registered, with nothing pending', async () => {
    const gone = await seedWorkflow(t.prisma, { name: 'gone_workflow', target: 'SYSTEM', is_task: true });
    const pid = await seedProcess(t.prisma, {
      workflow_id: gone.workflow_id,
      is_task: true,
      last_status: 'failed',
      steps: [START, { name: 'Something', status: 'failed', state: { error: 'x' } }],
    });
    const res = await request(t.app).get(`/api/processes/${pid}`).expect(200);
    expect(res.body.workflow_name).toBe('gone_workflow');
    expect(res.body.steps.map((s: { status: string }) => s.status)).toEqual(['success', 'failed']);
    expect(res.body.current_state).toEqual(START.state);
    expect(res.body.subscriptions).toEqual([]);
    expect(res.body.product_id).toBeNull();
  });

  it('shows a process without steps', async () => {
    const pid = await seedProcess(t.prisma, { workflow_id: workflowId, last_status: 'created' });
    const res = await request(t.app).get(`/api/processes/${pid}`).expect(200);
    expect(res.body.current_state).toEqual({});
    expect(res.body.steps.map((s: { name: string }) => s.name)).toEqual([
      'Start',
      'Insert UUID in state',
      'Test that it is a string now',
      'Modify',
      'Save',
      'Done',
    ]);
  });

  it('answers 404 for an unknown process and 422 for a malformed id', async () => {
    const id = '120d31e4-9166-47cb-ad37-b78072c7ab8b';
    const missing = await request(t.app).get(`/api/processes/${id}`).expect(404);
    expect(missing.body).toEqual({
      detail: `Process with process_id ${id} not found`,
      status: 404,
      title: 'Not Found',
    });
    const malformed = await request(t.app).get('/api/processes/wrong').expect(422);
    expect(malformed.body).toEqual({
      detail: "Path parameter 'process_id': Invalid UUID",
      status: 422,
      title: 'Unprocessable Entity',
    });
  });
});
