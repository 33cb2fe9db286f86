// Two callback steps in one workflow: each keeps its own result key (default `callback_result`) and timeout, and
// none of the first one's internal callback keys reaches the second (issue 7).
import { callbackStep, done, init, step, steps, testing, workflow } from '@wfo/core';

const device = callbackStep('Configure device', {
  action: step('Send config', () => ({ sent: true })),
  validate: step('Check config', (state) => ({ device_ok: (state.device_result as { ok: boolean }).ok })),
  resultKey: 'device_result',
  timeoutSeconds: 60,
});
const monitoring = callbackStep('Register monitoring', {
  action: step('Ask monitoring', () => ({ asked: true })),
  validate: step('Check monitoring', (state) => ({ monitored: (state.callback_result as { ok: boolean }).ok })),
});

describe('two callback steps in one workflow', () => {
  const wf = workflow({ key: 'two_callbacks' }, steps(init, device, monitoring, done));

  it('stores each callback under its own result key, the second under callback_result', async () => {
    const first = await testing.runWorkflow(wf);
    const second = await testing.callback(first, { ok: true });
    expect(second.status).toBe('awaiting_callback');
    // The second await carries none of the first step's bookkeeping.
    expect(second.state.__callback_result_key).toBeUndefined();
    expect(second.state.__callback_timeout).toBeUndefined();

    const p = await testing.callback(second, { ok: true });
    expect(p.status).toBe('completed');
    expect(p.state).toMatchObject({ device_result: { ok: true }, device_ok: true, callback_result: { ok: true } });
    expect(p.state.monitored).toBe(true);
  });

  it('removes every internal callback key when a callback step ends', async () => {
    const first = await testing.runWorkflow(wf);
    const p = await testing.callback(await testing.callback(first, { ok: true }), { ok: true });
    expect(p.status).toBe('completed');
    for (const key of ['__callback_token', '__callback_result_key', '__callback_timeout']) {
      expect(p.state[key]).toBeUndefined();
    }
  });

  it('gives the second step its own result key when both have one', async () => {
    const named = callbackStep('Register monitoring', {
      action: step('Ask monitoring', () => ({ asked: true })),
      validate: step('Check monitoring', (state) => ({ monitored: (state.nms_result as { ok: boolean }).ok })),
      resultKey: 'nms_result',
    });
    const both = workflow({ key: 'two_named_callbacks' }, steps(init, device, named, done));
    const first = await testing.runWorkflow(both);
    const second = await testing.callback(first, { ok: true });
    expect(second.state.__callback_result_key).toBe('nms_result');
    expect(second.state.__callback_timeout).toBeUndefined(); // the first step's timeout is not the second's
    const p = await testing.callback(second, { ok: false });
    expect(p.status).toBe('completed');
    expect(p.state).toMatchObject({ device_result: { ok: true }, nms_result: { ok: false }, monitored: false });
  });
});
