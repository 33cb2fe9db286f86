import type { PrismaClient } from '@wfo/db';
import { modifyNote, syncProducts, type ProductDefinition } from '@wfo/domain';
import { BRANCH_KEY_SEPARATOR, resolveBranchWorkflow, type Workflow } from '@wfo/engine';
import { builtinTasks } from './tasks/builtin-tasks';
import { TaskServicesHolder } from './tasks/task-services';

/** The workflows an application defines, by key. */
export type WorkflowRegistry = ReadonlyMap<string, Workflow>;

/**
 * The registry's map: `get` also answers the key of a parallel step's branch (`<workflow> › <parallel> › <branch>`),
 * which a branch's hidden process carries as its workflow key, with the branch's workflow derived from its parent.
 * Iterating lists the registered workflows only.
 */
class WorkflowMap extends Map<string, Workflow> {
  override get(key: string): Workflow | undefined {
    const registered = super.get(key);
    if (registered || !key.includes(BRANCH_KEY_SEPARATOR)) return registered;
    return resolveBranchWorkflow((parentKey) => super.get(parentKey), key);
  }
}

export function workflowRegistry(workflows: readonly Workflow[]): WorkflowRegistry {
  const registry = new WorkflowMap();
  for (const wf of workflows) {
    if (registry.has(wf.key)) throw new Error(`Two workflows have the key "${wf.key}"`);
    registry.set(wf.key, wf);
  }
  return registry;
}

/**
 * An application's workflows with the built-in ones every application has (SPEC §3): `modify_note` and the tasks
 * of reference §4.7, whose steps reach the runtime through `tasks` (filled by `createRuntime`).
 */
export function applicationWorkflows(
  workflows: readonly Workflow[],
  tasks: TaskServicesHolder = new TaskServicesHolder(),
): WorkflowRegistry {
  return workflowRegistry([modifyNote, ...builtinTasks(tasks), ...workflows]);
}

/**
 * Make every workflow of the application startable: insert the `workflows` rows that are missing and keep target
 * and is_task in step with the code. Descriptions are left alone once stored: they are edited through the API.
 * Rows of workflows no longer in the code stay, so their processes can still be shown.
 */
export async function registerWorkflows(
  prisma: Pick<PrismaClient, '$executeRaw'>,
  registry: WorkflowRegistry,
): Promise<void> {
  for (const wf of registry.values()) {
    // ON CONFLICT, not find-then-insert: API instances starting together register the same workflows.
    await prisma.$executeRaw`
      INSERT INTO workflows (name, target, description, is_task) VALUES (${wf.key}, ${wf.target}, ${wf.description}, ${wf.isTask})
      ON CONFLICT (name) DO UPDATE SET target = EXCLUDED.target, is_task = EXCLUDED.is_task, deleted_at = NULL`;
  }
}

/**
 * What the API does at start: register the application's workflows, then sync its declared products (creating
 * what is missing; refusing changes to existing data, which `wfo products migrate` applies).
 */
export async function registerApplication(
  prisma: PrismaClient,
  registry: WorkflowRegistry,
  products: readonly ProductDefinition[],
): Promise<void> {
  await registerWorkflows(prisma, registry);
  await syncProducts(prisma, products);
}
