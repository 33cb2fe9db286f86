/** A subscription's lifecycle status (`subscriptions.status`, reference §2.2). */
export const Lifecycle = {
  INITIAL: 'initial',
  PROVISIONING: 'provisioning',
  ACTIVE: 'active',
  MIGRATING: 'migrating',
  DISABLED: 'disabled',
  TERMINATED: 'terminated',
} as const;
export type Lifecycle = (typeof Lifecycle)[keyof typeof Lifecycle];
export const LIFECYCLES: readonly Lifecycle[] = Object.values(Lifecycle);

/** A product's lifecycle (`products.status`). */
export const ProductLifecycle = {
  ACTIVE: 'active',
  PRE_PRODUCTION: 'pre production',
  PHASE_OUT: 'phase out',
  END_OF_LIFE: 'end of life',
} as const;
export type ProductLifecycle = (typeof ProductLifecycle)[keyof typeof ProductLifecycle];

export function isLifecycle(value: unknown): value is Lifecycle {
  return typeof value === 'string' && (LIFECYCLES as readonly string[]).includes(value);
}

/**
 * Which statuses a subscription that uses one of ours may have when ours moves to a status (reference §2.4 (b)):
 * terminating ours is only safe while its users are initial or terminated, and so on.
 */
export const SAFE_PARENT_STATUSES: Readonly<Record<Lifecycle, readonly Lifecycle[]>> = {
  initial: ['initial'],
  provisioning: ['initial', 'provisioning', 'active', 'terminated'],
  active: LIFECYCLES,
  migrating: ['initial', 'migrating', 'terminated'],
  disabled: ['initial', 'disabled', 'terminated'],
  terminated: ['initial', 'terminated'],
};
