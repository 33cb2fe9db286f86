// Workflow tests run in memory with the engine's own rules: no API, worker, Postgres or Redis.
// `testing.runWorkflow(workflow, pages)` starts a workflow with its form's answers and runs it until it stops.
import { done, FormValidationError, init, testing, workflow, steps } from '@wfo/core';
import { planSite, siteForm } from '../src/app';

// The steps of create_site that need no subscription, run as a workflow of their own with the same form.
// (A step that uses `ctx.subscriptions` needs the testing helpers' subscription store: run createSite itself then.)
const planning = workflow({ key: 'test_plan_site', initialInputForm: siteForm }, steps(init, planSite, done));

describe('create_site', () => {
  it('plans a site code from the site name', async () => {
    const run = await testing.runWorkflow(planning, [
      { customer_id: 'acme', site_name: 'Amsterdam 1', address: 'Science Park 140' },
    ]);

    expect(run.status).toBe('completed');
    expect(run.state.site_code).toBe('AMSTERDAM-1');
    expect(run.log.map((row) => row.name)).toEqual(['Start', 'Plan the site', 'Done']);
  });

  it('refuses a site name that is too short, saying why', async () => {
    const start = testing.runWorkflow(planning, [{ customer_id: 'acme', site_name: 'A', address: 'x' }]);

    await expect(start).rejects.toBeInstanceOf(FormValidationError);
    await expect(start).rejects.toMatchObject({
      errors: [expect.objectContaining({ loc: ['site_name'], msg: 'A site name has at least two characters' })],
    });
  });
});
