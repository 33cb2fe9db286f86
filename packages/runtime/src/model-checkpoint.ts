import type { PrismaClient } from '@wfo/db';
import {
  isSubscriptionModel,
  linkProcess,
  saveSubscriptions,
  type ProductCatalog,
  type SubscriptionModel,
} from '@wfo/domain';
import { isPlainObject, ProcessStatus, type StepResult } from '@wfo/engine';
import type { ProcessToken } from './process-token';

/** Every subscription model in a step's output: top level, in nested objects and in lists (each once). */
export function modelsIn(value: unknown, found: Set<SubscriptionModel> = new Set()): SubscriptionModel[] {
  if (isSubscriptionModel(value)) found.add(value);
  else if (Array.isArray(value)) for (const item of value) modelsIn(item, found);
  else if (isPlainObject(value)) for (const item of Object.values(value)) modelsIn(item, found);
  return [...found];
}

/** Outcomes whose models are saved: a failed step's writes are rolled back, as in orchestrator-core. */
export function savesModels(outcome: StepResult): boolean {
  return outcome.status !== 'failed' && outcome.status !== 'waiting';
}

/** Thrown inside the checkpoint transaction when the process moved on meanwhile: roll back, commit nothing. */
export class CheckpointSupersededError extends Error {
  override readonly name = 'CheckpointSupersededError';
}

/**
 * The first part of a checkpoint with models, inside its transaction: lock the process row if it still has the
 * token (else the delivery is stale: throw), then save the models and link them to the process (for a step in a
 * parallel step's branch, to the process the user sees, not the branch's hidden one). The step row and process update
 * follow in the same transaction.
 */
export async function saveModelsForCheckpoint(
  tx: Pick<PrismaClient, '$queryRaw' | '$executeRaw'>,
  catalog: ProductCatalog,
  processId: string,
  token: ProcessToken,
  models: readonly SubscriptionModel[],
  workflowTarget: string,
): Promise<void> {
  const locked = await tx.$queryRaw<Array<{ link_pid: string }>>`
    SELECT COALESCE(parent_pid, pid)::text AS link_pid FROM processes
     WHERE pid = ${processId}::uuid AND position = ${token.position} AND attempt = ${token.attempt}
       AND last_status = ${ProcessStatus.RUNNING} FOR UPDATE`;
  const linkTo = locked[0]?.link_pid;
  if (!linkTo) throw new CheckpointSupersededError();
  await saveSubscriptions(tx, catalog, models);
  for (const model of models) await linkProcess(tx, linkTo, model.subscription_id, workflowTarget);
}
