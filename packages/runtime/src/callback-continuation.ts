import type { PrismaClient } from '@wfo/db';
import { callbackResultState, ProcessStatus, type State, type StepRowRecord } from '@wfo/engine';
import type { StoredSnapshot } from './process-repository';
import { replaceRowState } from './process-repository';
import { stepJobName } from './step-job-name';
import type { StepQueue } from './step-queue';
import type { WorkflowRegistry } from './workflow-registry';

const EARLY_CALLBACK = '__early_callback';

/**
 * Continue a process awaiting a callback: the posted body goes into the awaiting row's state under the step's
 * result key, the process becomes `resumed` under a fresh attempt, and its job is enqueued (the group goes on with
 * its validate sub-step). False when the process moved on meanwhile.
 */
export async function continueAwaiting(
  deps: { prisma: PrismaClient; queue: StepQueue; workflows: WorkflowRegistry },
  snapshot: StoredSnapshot,
  awaiting: StepRowRecord,
  body: unknown,
): Promise<boolean> {
  const moved = await replaceRowState(
    deps.prisma,
    snapshot.processId,
    awaiting.stepId,
    callbackResultState(awaiting, body),
    {
      status: snapshot.status,
      attempt: snapshot.attempt,
      newStatus: ProcessStatus.RESUMED,
      newAttempt: snapshot.attempt + 1,
    },
  );
  if (!moved) return false;
  const workflow = deps.workflows.get(snapshot.workflowKey);
  const token = { position: snapshot.position, attempt: snapshot.attempt + 1 };
  const jobName = workflow ? stepJobName(workflow, token.position) : `${snapshot.workflowKey} › ?`;
  // After the commit; if Redis is down the reconciler enqueues it.
  await deps.queue.enqueue(snapshot.processId, token, { jobName }).catch(() => undefined);
  return true;
}

/**
 * Keep a callback that arrived before its step began to await it (an `input_states` row the await picks up).
 */
export async function storeEarlyCallback(
  prisma: PrismaClient,
  processId: string,
  token: string,
  body: State,
): Promise<void> {
  await prisma.$executeRaw`
    INSERT INTO input_states (pid, input_state, input_type)
    VALUES (${processId}::uuid, ${JSON.stringify({ [EARLY_CALLBACK]: { token, body } })}::jsonb, 'user_input')`;
}

/** The callback kept for this token, if one arrived early. */
export async function loadEarlyCallback(
  prisma: PrismaClient,
  processId: string,
  token: string,
): Promise<{ body: unknown } | undefined> {
  const [row] = await prisma.$queryRaw<Array<{ body: unknown }>>`
    SELECT input_state -> ${EARLY_CALLBACK} -> 'body' AS body FROM input_states
    WHERE pid = ${processId}::uuid AND input_type = 'user_input' AND input_state -> ${EARLY_CALLBACK} ->> 'token' = ${token}
    ORDER BY input_time DESC LIMIT 1`;
  return row ? { body: row.body } : undefined;
}
