/** No subscription with that id. */
export class SubscriptionNotFoundError extends Error {
  override readonly name = 'SubscriptionNotFoundError';
  constructor(readonly subscriptionId: string) {
    super(`Subscription ${subscriptionId} not found`);
  }
}

/** The subscription changed since the model was loaded (optimistic locking on `version`). */
export class StaleSubscriptionError extends Error {
  override readonly name = 'StaleSubscriptionError';
  constructor(
    readonly subscriptionId: string,
    readonly givenVersion: number,
    readonly currentVersion: number | null,
  ) {
    super(
      `Stale data: given version (${givenVersion}) does not match the current version (${currentVersion ?? 'none'})`,
    );
  }
}

/** The model's block tree cannot be stored as it is. */
export class SubscriptionSaveError extends Error {
  override readonly name = 'SubscriptionSaveError';
}
