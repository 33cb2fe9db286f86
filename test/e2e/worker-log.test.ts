// `wfo worker` logs a failing step (issue 7): at warn, naming the process, workflow, step, error class and message.
import { startWfo, waitFor, type Wfo } from './harness';
import { client } from './http-client';

describe('the worker log', () => {
  let wfo: Wfo;

  beforeAll(async () => {
    wfo = await startWfo();
  });

  afterAll(async () => {
    await wfo?.stop();
  });

  it('has a warn line for a step that failed', async () => {
    const id = await client(wfo.url).start('e2e_failing_task');
    const line = await waitFor('the failure in the worker log', async () =>
      wfo.workers[0]!.output()
        .split('\n')
        .find((l) => l.includes(id)),
    );
    expect(JSON.parse(line)).toMatchObject({
      level: 'warn',
      message: 'Step failed',
      processId: id,
      workflowKey: 'e2e_failing_task',
      stepName: 'Check',
      errorClass: 'InconsistentDataError',
      error: 'inventory mismatch',
    });
  });
});
