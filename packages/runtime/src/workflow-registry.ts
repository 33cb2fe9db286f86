import type { PrismaClient } from '@wfo/db';
import type { Workflow } from '@wfo/engine';

/** The workflows an application defines, by key. */
export type WorkflowRegistry = ReadonlyMap<string, Workflow>;

export function workflowRegistry(workflows: readonly Workflow[]): WorkflowRegistry {
  const registry = new Map<string, Workflow>();
  for (const wf of workflows) {
    if (registry.has(wf.key)) throw new Error(`Two workflows have the key "${wf.key}"`);
    registry.set(wf.key, wf);
  }
  return registry;
}

/**
 * Make every workflow of the application startable: insert the `workflows` rows that are missing and keep target
 * and is_task in step with the code. Descriptions are left alone once stored: they are edited through the API.
 * Rows of workflows no longer in the code stay, so their processes can still be shown.
 */
export async function registerWorkflows(prisma: PrismaClient, registry: WorkflowRegistry): Promise<void> {
  for (const wf of registry.values()) {
    await prisma.workflow.upsert({
      where: { name: wf.key },
      create: { name: wf.key, target: wf.target, description: wf.description, is_task: wf.isTask },
      update: { target: wf.target, is_task: wf.isTask, deleted_at: null },
    });
  }
}
