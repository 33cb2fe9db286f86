import type { PgPool } from '@wfo/db';
import type { StepObserver } from '../step-observer';
import type { EventPublisher } from './event-publisher';

/** Process statuses in which orchestrator-core also invalidates the process's subscriptions. */
const SETTLED = new Set(['completed', 'failed', 'inconsistent_data', 'api_unavailable', 'aborted']);

/**
 * Live events of the steps a worker runs: after each checkpoint, the process's list and detail; the status
 * counts when the status changed (the first step, or the process stopped); and when it settled, the
 * subscriptions it touched (orchestrator-core's rule, reference §1.17). Nothing is published for a stale or
 * superseded delivery, which committed nothing.
 */
export function liveEventsObserver(publisher: EventPublisher, pool: PgPool): StepObserver {
  return {
    stepStarted(step) {
      return ({ outcome }) => {
        if (outcome.kind === 'stale' || outcome.kind === 'idle' || outcome.kind === 'paused') return;
        const statusChanged = outcome.kind !== 'continued' || (step.position === 0 && step.attempt === 0);
        publisher.processChanged(step.processId, statusChanged);
        const settled =
          outcome.kind === 'failed' || (outcome.kind === 'stopped' && SETTLED.has(String(outcome.status)));
        if (settled) void invalidateSubscriptions(publisher, pool, step.processId);
      };
    },
  };
}

/** Once per settled process, so through the `pg` pool as a prepared statement, not Prisma (docs/adr/0013). */
async function invalidateSubscriptions(publisher: EventPublisher, pool: PgPool, processId: string): Promise<void> {
  try {
    const { rows } = await pool.query<{ subscription_id: string }>({
      name: 'wfo_process_subscriptions',
      text: 'SELECT subscription_id::text FROM processes_subscriptions WHERE pid = $1::uuid',
      values: [processId],
    });
    for (const row of rows) publisher.subscriptionChanged(row.subscription_id);
  } catch {
    // Best effort: a missed subscription refresh is not worth failing anything for.
  }
}
