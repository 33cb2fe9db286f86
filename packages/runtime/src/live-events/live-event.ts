import type { EngineStatus } from '../engine-settings-service';

/**
 * The cache tags the stock UI refetches on (orchestrator-core's `invalidateCache` messages, reference §3.4).
 * `scheduledTags` is the UI's own spelling of the scheduled-tasks tag.
 */
export type CacheTag =
  | 'processes'
  | 'processStatusCounts'
  | 'subscriptions'
  | 'engineStatus'
  | 'workerStatus'
  | 'metadataProducts'
  | 'scheduledTags';

/** One invalidation: a tag, and optionally one entry of it (`LIST` for the lists). */
export interface CacheInvalidation {
  readonly type: CacheTag;
  readonly id?: string;
}

/**
 * What travels on the Redis channel: a batch of invalidations (coalesced by the publisher) and, when the engine
 * was paused or unpaused, its new status (for `/api/settings/ws-status`).
 */
export interface LiveEventBatch {
  readonly invalidations: readonly CacheInvalidation[];
  readonly engineStatus?: EngineStatus;
}

/** The Redis pub/sub channel of a deployment (its queue prefix keeps deployments sharing a Redis apart). */
export function liveEventsChannel(prefix: string): string {
  return `${prefix}:events`;
}

/** A process changed: its list, its detail (orchestrator-core sends LIST first). */
export function processInvalidations(processId: string): CacheInvalidation[] {
  return [
    { type: 'processes', id: 'LIST' },
    { type: 'processes', id: processId },
  ];
}

/** A subscription changed (orchestrator-core's `invalidate_subscription_cache`). */
export function subscriptionInvalidations(subscriptionId: string): CacheInvalidation[] {
  return [
    { type: 'subscriptions' },
    { type: 'subscriptions', id: 'LIST' },
    { type: 'subscriptions', id: subscriptionId },
  ];
}
