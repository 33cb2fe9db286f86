import {
  ProcessFailureError,
  ProcessStatus,
  SYSTEM_USER,
  Target,
  init,
  done,
  step,
  steps,
  workflow,
  type RunPredicate,
  type State,
  type Workflow,
} from '@wfo/engine';
import { z } from 'zod';
import { heldProcesses, requeue } from '../held-processes';
import { callbacksWithTimeoutExist, failOverdueCallback, findOverdueCallbacks } from './callback-timeouts';
import type { TaskServices, TaskServicesHolder } from './task-services';
import { translationsFor } from './translations';

const SYSTEM = { user: SYSTEM_USER, userModel: null };

/**
 * orchestrator-core's built-in tasks (reference §4.7), registered for every application, with its step names,
 * state keys and run predicates. Their steps reach the runtime through `holder`.
 */
export function builtinTasks(holder: TaskServicesHolder): Workflow[] {
  const services = () => holder.get();

  /** Refuse a second run while one is not completed or aborted (orchestrator-core's `no_uncompleted_instance`). */
  const noUncompletedInstance: RunPredicate = async ({ workflowKey }) => {
    const uncompleted = await services().prisma.process.count({
      where: {
        workflow: { name: workflowKey },
        last_status: { notIn: [ProcessStatus.COMPLETED, ProcessStatus.ABORTED] },
        // The hidden processes of parallel branches are part of their process, not instances of their own.
        parent_pid: null,
      },
    });
    return uncompleted === 0
      ? true
      : { fail: `Workflow '${workflowKey}' already has ${uncompleted} uncompleted instance(s)` };
  };
  const awaitingCallbacksExist: RunPredicate = async (ctx) => {
    const single = await noUncompletedInstance(ctx);
    if (single !== true) return single;
    return (await callbacksWithTimeoutExist(services().prisma))
      ? true
      : { fail: 'No process awaits a callback that can time out' };
  };
  const task = (
    key: string,
    description: string,
    body: ReturnType<typeof steps>,
    opts: { runPredicate?: RunPredicate; initialInputForm?: z.ZodObject } = {},
  ) => workflow({ key, description, target: Target.SYSTEM, isTask: true, ...opts }, steps(init, body, done));

  return [
    task(
      'task_clean_up_tasks',
      'Clean up old tasks',
      steps(
        step('Clean up completed tasks older than TASK_LOG_RETENTION_DAYS', async () => {
          const { prisma, taskLogRetentionDays, now } = services();
          const cutoff = new Date((now() - taskLogRetentionDays * 86_400) * 1000);
          // Branch processes go with their task (ON DELETE CASCADE), never before it.
          const where = {
            is_task: true,
            last_status: ProcessStatus.COMPLETED,
            last_modified_at: { lte: cutoff },
            parent_pid: null,
          };
          const old = await prisma.process.findMany({ where, select: { pid: true } });
          const ids = old.map((p) => p.pid);
          await prisma.process.deleteMany({ where: { pid: { in: ids } } });
          return { tasks_removed: ids.length, deleted_process_id_list: ids };
        }),
        // WFO has no AI search index; the step and its key stay for parity.
        step('Clean up ai_search_indexes', () => ({ ai_search_index_rows_deleted: 0 })),
      ),
      { runPredicate: noUncompletedInstance },
    ),
    task(
      'task_resume_workflows',
      "Resume all workflows that are stuck on tasks with the status 'waiting'",
      steps(
        step('Find waiting workflows', async (_state, ctx) => {
          const ids = async (status: ProcessStatus) =>
            (
              await services().prisma.process.findMany({
                where: { last_status: status, pid: { not: ctx.processId } },
                select: { pid: true },
              })
            ).map((p) => p.pid);
          const [waiting, created, resumed] = await Promise.all([
            ids(ProcessStatus.WAITING),
            ids(ProcessStatus.CREATED),
            ids(ProcessStatus.RESUMED),
          ]);
          return {
            number_of_waiting_processes: waiting.length,
            waiting_process_ids: waiting,
            created_processes_stuck: created.length,
            created_state_process_ids: created,
            resumed_processes_stuck: resumed.length,
            resumed_state_process_ids: resumed,
          };
        }),
        step('Resume found workflows', async (state, ctx) => {
          const resumed: string[] = [];
          for (const pid of state.waiting_process_ids as string[]) {
            try {
              await services().processes.resume(pid, [], SYSTEM);
              resumed.push(pid);
            } catch (err) {
              ctx.log.warn('Could not resume process', { processId: pid, error: String(err) });
            }
          }
          // A `resumed` process only lacks its step job (the reconciler also finds it): give it back.
          resumed.push(
            ...(await requeueStuck(services(), ProcessStatus.RESUMED, state.resumed_state_process_ids as string[])),
          );
          return { number_of_resumed_process_ids: resumed.length, resumed_process_ids: resumed };
        }),
        step('Restart found CREATED workflows', async (state) => {
          const started = await requeueStuck(
            services(),
            ProcessStatus.CREATED,
            state.created_state_process_ids as string[],
          );
          return { number_of_started_process_ids: started.length, started_process_ids: started };
        }),
      ),
      { runPredicate: noUncompletedInstance },
    ),
    task(
      'task_validate_awaiting_callbacks',
      'Fail processes whose callback timed out',
      steps(
        step('Find timed-out awaiting-callback processes', async (_state, ctx) => {
          const ids = (await findOverdueCallbacks(services().prisma, 10_000)).filter((pid) => pid !== ctx.processId);
          return { number_of_timed_out_processes: ids.length, timed_out_process_ids: ids };
        }),
        step('Fail timed-out callbacks', async (state) => {
          const failed: string[] = [];
          for (const pid of state.timed_out_process_ids as string[]) {
            if (await failOverdueCallback(services().prisma, pid, services().now())) failed.push(pid);
          }
          return { number_of_failed_process_ids: failed.length, failed_process_ids: failed };
        }),
      ),
      { runPredicate: awaitingCallbacksExist },
    ),
    task('task_validate_products', 'Validate Products and Subscriptions', validateProductsSteps(services), {
      runPredicate: noUncompletedInstance,
    }),
    task(
      'task_validate_product_type',
      'Validate all subscriptions of a product type',
      steps(
        step('Validate Product Type', async (state) => {
          const productType = String(state.product_type);
          const known = await services().prisma.product.count({ where: { product_type: productType } });
          if (known === 0) throw new ProcessFailureError(`No product has the type "${productType}"`);
          return { result: await startValidations(services(), { productType, outOfSync: false }) };
        }),
      ),
      { initialInputForm: z.object({ product_type: z.string().min(1).describe('Product Type') }) },
    ),
    task(
      'task_validate_subscriptions',
      'Validate subscriptions',
      steps(
        step('Validate subscriptions', async () => {
          const s = services();
          return { result: await startValidations(s, { outOfSync: s.validateOutOfSyncSubscriptions }) };
        }),
      ),
      { runPredicate: noUncompletedInstance },
    ),
  ];
}

/** Give processes stuck in `created` or `resumed` their step job back; the ids it did that for. */
async function requeueStuck(s: TaskServices, status: ProcessStatus, ids: readonly string[]): Promise<string[]> {
  const wanted = new Set(ids);
  const stuck = (await heldProcesses(s.prisma, { graceMs: 0, limit: 100_000, statuses: [status] })).filter((p) =>
    wanted.has(p.processId),
  );
  await requeue(s.queue, s.workflows, stuck);
  return stuck.map((p) => p.processId);
}

/**
 * Start the VALIDATE workflows of active subscriptions (in sync unless `outOfSync`), each workflow linked to the
 * subscription's product: `[{subscription_id, workflows: [process ids]}]` for the subscriptions that got one.
 * A workflow that refuses to start (the subscription not usable for it) is skipped.
 */
async function startValidations(
  s: TaskServices,
  opts: { productType?: string; outOfSync: boolean },
): Promise<Array<{ subscription_id: string; total_workflows_validated: number; workflows: string[] }>> {
  const rows = await s.prisma.$queryRaw<Array<{ subscription_id: string; workflow_key: string }>>`
    SELECT s.subscription_id, w.name AS workflow_key
    FROM subscriptions s
    JOIN products p ON p.product_id = s.product_id
    JOIN products_workflows pw ON pw.product_id = p.product_id
    JOIN workflows w ON w.workflow_id = pw.workflow_id AND w.target = 'VALIDATE' AND w.deleted_at IS NULL
    WHERE s.status = 'active' AND (s.insync OR ${opts.outOfSync})
      AND (${opts.productType ?? null}::text IS NULL OR p.product_type = ${opts.productType ?? null}::text)
    ORDER BY s.subscription_id, w.name`;
  const bySubscription = new Map<string, string[]>();
  for (const row of rows) {
    if (!s.workflows.has(row.workflow_key)) continue;
    try {
      const pid = await s.processes.start(row.workflow_key, [{ subscription_id: row.subscription_id }], SYSTEM);
      bySubscription.set(row.subscription_id, [...(bySubscription.get(row.subscription_id) ?? []), pid]);
    } catch {
      // Not usable for this workflow now (locked, a relation out of sync): the next run tries again.
    }
  }
  return [...bySubscription].map(([subscription_id, workflows]) => ({
    subscription_id,
    total_workflows_validated: workflows.length,
    workflows,
  }));
}

/** `task_validate_products`: the consistency checks of orchestrator-core, each its own step. */
function validateProductsSteps(services: () => TaskServices) {
  return steps(
    step('Check all workflows in database', async () => {
      const s = services();
      const inDb = new Set(
        (await s.prisma.workflow.findMany({ where: { deleted_at: null }, select: { name: true } })).map((w) => w.name),
      );
      const notInDb = [...s.workflows.keys()].filter((k) => !inDb.has(k));
      const notInCode = [...inDb].filter((k) => !s.workflows.has(k));
      if (notInDb.length > 0 || notInCode.length > 0) {
        throw new ProcessFailureError('Found missing workflows in database or implementations', {
          'Workflows not registered in the database': notInDb,
          'Workflows not registered in the application': notInCode,
        });
      }
      return { check_all_workflows_are_in_db: true };
    }),
    step('Check workflows for matching targets and descriptions', async () => {
      const s = services();
      const rows = await s.prisma.workflow.findMany({ select: { name: true, target: true } });
      const mismatches = rows
        .filter((row) => s.workflows.has(row.name) && s.workflows.get(row.name)!.target !== row.target)
        .map((row) => `Workflow ${row.name}: ${s.workflows.get(row.name)!.target} <=> ${row.target}`);
      if (mismatches.length > 0)
        throw new ProcessFailureError('Workflows with none matching targets and names', mismatches.join('\n'));
      const labels = translationsFor('en-GB', s.translations).workflow;
      const untranslated = [...s.workflows.keys()].filter(
        (k) => typeof labels !== 'object' || typeof labels[k] !== 'string',
      );
      if (untranslated.length > 0)
        throw new ProcessFailureError('Workflows with missing translations', untranslated.join('\n'));
      return { check_workflows_for_matching_targets_and_descriptions: true };
    }),
    step('Check that all products have at least one workflow', async () => {
      const without = await services().prisma.product.findMany({
        where: { workflows: { none: {} } },
        select: { name: true },
      });
      if (without.length > 0)
        throw new ProcessFailureError(
          'Found products that do not have a workflow associated with them',
          without.map((p) => p.name),
        );
      return { check_that_products_have_at_least_one_workflow: true };
    }),
    step('Check that all active products have a modify note', async () => {
      const without = await services().prisma.product.findMany({
        where: { status: 'active', workflows: { none: { workflow: { name: 'modify_note' } } } },
        select: { name: true },
      });
      if (without.length > 0)
        throw new ProcessFailureError(
          'Found products that do not have a modify_note workflow',
          without.map((p) => p.name),
        );
      return { check_that_active_products_have_a_modify_note: true };
    }),
    step('Check the DB fixed input config', async () => {
      const s = services();
      // The configuration is the products declared in code: the database must hold exactly their fixed inputs.
      const declared = new Map(s.products.map((p) => [p.name, p.fixedInputs]));
      const rows = await s.prisma.fixedInput.findMany({ include: { product: { select: { name: true } } } });
      const errors: string[] = [];
      for (const fi of rows) {
        const config = declared.get(fi.product.name);
        if (config && config[fi.name] !== fi.value) errors.push(`${fi.product.name}: ${fi.name}=${fi.value}`);
      }
      for (const [product, inputs] of declared) {
        for (const name of Object.keys(inputs)) {
          if (!rows.some((fi) => fi.product.name === product && fi.name === name))
            errors.push(`${product}: ${name} missing`);
        }
      }
      if (errors.length > 0) throw new ProcessFailureError('Errors in fixed input config', errors);
      return { check_db_fixed_input_config: true };
    }),
    step('Check that all products have a create, modify, terminate and validate workflow', async () => {
      const targets = ['CREATE', 'MODIFY', 'TERMINATE', 'VALIDATE'];
      const products = await services().prisma.product.findMany({
        where: { status: 'active' },
        select: { name: true, workflows: { select: { workflow: { select: { name: true, target: true } } } } },
      });
      const incomplete = products
        .filter((p) => {
          const present = new Set(
            p.workflows.filter((w) => w.workflow.name !== 'modify_note').map((w) => w.workflow.target),
          );
          return targets.some((t) => !present.has(t));
        })
        .map((p) => p.name);
      // Reported, not failed, to allow exceptions (as orchestrator-core does).
      return {
        products_without_at_least_create_modify_terminate_validate_workflows: incomplete,
        check_that_products_have_create_modify_and_terminate_workflows: true,
      };
    }),
    step('Check subscription models', async (_state, ctx) => {
      const failures: Record<string, string> = {};
      const ids = await services().prisma.subscription.findMany({ select: { subscription_id: true } });
      for (const { subscription_id } of ids) {
        try {
          await ctx.subscriptions.load(subscription_id);
        } catch (err) {
          failures[subscription_id] = err instanceof Error ? err.message : String(err);
        }
      }
      if (Object.keys(failures).length > 0)
        throw new ProcessFailureError('Found subscriptions that could not be loaded', failures);
      return { check_subscription_models: true } satisfies State;
    }),
  );
}

/** The keys of the built-in tasks, which no application may define itself. */
export const BUILTIN_TASK_KEYS: readonly string[] = [
  'task_clean_up_tasks',
  'task_resume_workflows',
  'task_validate_awaiting_callbacks',
  'task_validate_products',
  'task_validate_product_type',
  'task_validate_subscriptions',
];
