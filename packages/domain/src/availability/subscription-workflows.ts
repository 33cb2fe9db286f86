import type { PrismaClient } from '@wfo/db';
import { dependsOnSubscriptions, inUseBySubscriptions, type RelatedSubscription } from '../persistence/relations';

type Db = Pick<PrismaClient, '$queryRaw'>;

/** A workflow linked to the subscription's product. */
export interface LinkedWorkflow {
  readonly name: string;
  readonly description: string;
  readonly target: string;
  readonly is_task: boolean;
}

export interface RelationDetail {
  readonly subscription_id: string;
  readonly subscription_description: string;
}

export interface WorkflowAvailability {
  readonly name: string;
  readonly description: string;
  readonly reason?: string;
  readonly usable_when?: readonly string[];
  readonly status?: string;
  readonly action?: string;
  readonly locked_relations?: readonly string[];
  readonly locked_relations_detail?: readonly RelationDetail[];
  readonly unterminated_in_use_by_subscriptions?: readonly string[];
  readonly unterminated_in_use_by_subscriptions_detail?: readonly RelationDetail[];
}

/** `GET /api/subscriptions/workflows/{id}` (reference §1.13). */
export interface SubscriptionWorkflows {
  create: WorkflowAvailability[];
  modify: WorkflowAvailability[];
  terminate: WorkflowAvailability[];
  system: WorkflowAvailability[];
  validate: WorkflowAvailability[];
  reconcile: WorkflowAvailability[];
  reason?: string;
  locked_relations?: string[];
  locked_relations_detail?: RelationDetail[];
}

/** Which lifecycle statuses a workflow may run on, by target (orchestrator-core's `TARGET_DEFAULT_USABLE_MAP`). */
export const TARGET_DEFAULT_USABLE: Readonly<Record<string, readonly string[]>> = {
  CREATE: [],
  MODIFY: ['active'],
  TERMINATE: ['active', 'provisioning'],
  SYSTEM: ['active'],
  VALIDATE: ['active'],
  RECONCILE: ['active'],
};

/** Workflows that may run while the subscription is out of sync (`WF_USABLE_WHILE_OUT_OF_SYNC`). */
export const USABLE_WHILE_OUT_OF_SYNC: readonly string[] = ['modify_note'];

/** The reasons as the stock UI shows them (orchestrator-core's translations). */
export const REASON_TEXT: Readonly<Record<string, string>> = {
  'subscription.not_in_sync': 'Subscription already has a running process or task',
  'subscription.relations_not_in_sync':
    'This subscription can not be modified because some related subscriptions are not insync',
  'subscription.no_modify_invalid_status': 'This subscription can not be modified because of the status it has',
  'subscription.no_modify_subscription_in_use_by_others':
    'This subscription can not be modified as it is used in other subscriptions',
};

const detail = (s: RelatedSubscription): RelationDetail => ({
  subscription_id: s.subscription_id,
  subscription_description: s.description,
});

export interface AvailabilityInput {
  readonly subscription: { readonly status: string; readonly insync: boolean };
  readonly workflows: readonly LinkedWorkflow[];
  readonly inUseBy: readonly RelatedSubscription[];
  readonly dependsOn: readonly RelatedSubscription[];
  /** Per workflow name: the statuses it may run on, overriding its target's default (`WF_USABLE_MAP`). */
  readonly usableMap?: Readonly<Record<string, readonly string[]>>;
}

/**
 * Which of the product's workflows can start for this subscription, and why not (reference §1.13), in order:
 * 1. out of sync → `subscription.not_in_sync` for all but tasks, reconcile workflows and `modify_note`;
 * 2. else a related subscription out of sync → `subscription.relations_not_in_sync` with `locked_relations`;
 * 3. the subscription's status is not one the workflow may run on → `subscription.no_modify_invalid_status`;
 * 4. a terminate workflow while subscriptions that use this one are not terminated →
 *    `subscription.no_modify_subscription_in_use_by_others` (overrides 3).
 */
export function subscriptionWorkflows(input: AvailabilityInput): SubscriptionWorkflows {
  const global: Pick<SubscriptionWorkflows, 'reason' | 'locked_relations' | 'locked_relations_detail'> = {};
  if (!input.subscription.insync) {
    global.reason = 'subscription.not_in_sync';
  } else {
    const locked = [...input.inUseBy, ...input.dependsOn].filter((s) => !s.insync);
    if (locked.length > 0) {
      global.reason = 'subscription.relations_not_in_sync';
      global.locked_relations = locked.map((s) => s.subscription_id);
      global.locked_relations_detail = locked.map(detail);
    }
  }
  const unterminated = input.inUseBy.filter((s) => s.status !== 'terminated');
  const result: SubscriptionWorkflows = {
    create: [],
    modify: [],
    terminate: [],
    system: [],
    validate: [],
    reconcile: [],
  };
  for (const wf of input.workflows) {
    const exempt = USABLE_WHILE_OUT_OF_SYNC.includes(wf.name) || wf.is_task || wf.target === 'RECONCILE';
    const item: Record<string, unknown> = { name: wf.name, description: wf.description, ...(exempt ? {} : global) };
    if (!('reason' in item)) {
      const usableWhen = input.usableMap?.[wf.name] ?? TARGET_DEFAULT_USABLE[wf.target] ?? [];
      const action = wf.target === 'TERMINATE' ? 'terminated' : 'modified';
      if (!usableWhen.includes(input.subscription.status)) {
        Object.assign(item, {
          reason: 'subscription.no_modify_invalid_status',
          usable_when: usableWhen,
          status: input.subscription.status,
          action,
        });
      }
      if (wf.target === 'TERMINATE' && unterminated.length > 0) {
        Object.assign(item, {
          reason: 'subscription.no_modify_subscription_in_use_by_others',
          unterminated_in_use_by_subscriptions: unterminated.map((s) => s.subscription_id),
          unterminated_in_use_by_subscriptions_detail: unterminated.map(detail),
          action,
        });
      }
    }
    const bucket = result[wf.target.toLowerCase() as keyof Pick<SubscriptionWorkflows, 'create'>] as
      WorkflowAvailability[] | undefined;
    bucket?.push(item as unknown as WorkflowAvailability);
  }
  return { ...result, ...global };
}

/** The row fields availability depends on. */
export interface AvailabilityRow {
  readonly status: string;
  readonly insync: boolean;
  readonly product_id: string;
}

/** The availability of a stored subscription's workflows; null when the subscription does not exist. */
export async function loadSubscriptionWorkflows(db: Db, subscriptionId: string): Promise<SubscriptionWorkflows | null> {
  const [subscription] = await db.$queryRaw<AvailabilityRow[]>`
    SELECT status, insync, product_id::text FROM subscriptions WHERE subscription_id = ${subscriptionId}::uuid`;
  return subscription ? workflowsForSubscription(db, subscriptionId, subscription) : null;
}

/** The availability of a stored subscription's workflows, for a caller that has already read its row. */
export async function workflowsForSubscription(
  db: Db,
  subscriptionId: string,
  subscription: AvailabilityRow,
): Promise<SubscriptionWorkflows> {
  const [workflows, inUseBy, dependsOn] = await Promise.all([
    db.$queryRaw<LinkedWorkflow[]>`
      SELECT w.name, w.description, w.target, w.is_task FROM products_workflows pw
      JOIN workflows w ON w.workflow_id = pw.workflow_id
      WHERE pw.product_id = ${subscription.product_id}::uuid AND w.deleted_at IS NULL ORDER BY w.name`,
    inUseBySubscriptions(db, subscriptionId),
    dependsOnSubscriptions(db, subscriptionId),
  ]);
  return subscriptionWorkflows({ subscription, workflows, inUseBy, dependsOn });
}
