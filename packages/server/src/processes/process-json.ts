import type { ProcessJson } from '../schemas/process-schema';
import type { SubscriptionJson } from '../schemas/subscription-schema';
import type { ProcessRow } from './process-row';

/** The detail-only fields; a list item has them all `null`, as in orchestrator-core. */
export type ProcessDetails = Pick<ProcessJson, 'current_state' | 'steps' | 'form'>;

const NO_DETAILS: ProcessDetails = { current_state: null, steps: null, form: null };

/** A process as `ProcessSchema`, with `product_id` and `customer_id` taken from its first subscription. */
export function toProcessJson(
  row: ProcessRow,
  subscriptions: readonly SubscriptionJson[],
  details: ProcessDetails = NO_DETAILS,
): ProcessJson {
  const first = subscriptions[0];
  return {
    process_id: row.process_id,
    workflow_id: row.workflow_id,
    workflow_name: row.workflow_name,
    is_task: row.is_task,
    created_by: row.created_by,
    failed_reason: row.failed_reason,
    started_at: row.started_at,
    last_status: row.last_status as ProcessJson['last_status'],
    last_step: row.last_step,
    assignee: row.assignee as ProcessJson['assignee'],
    last_modified_at: row.last_modified_at,
    traceback: row.traceback,
    product_id: first?.product.product_id ?? null,
    customer_id: first?.customer_id ?? null,
    workflow_target: row.workflow_target as ProcessJson['workflow_target'],
    subscriptions: [...subscriptions],
    current_state: details.current_state,
    steps: details.steps,
    form: details.form,
    note: row.note,
  };
}
