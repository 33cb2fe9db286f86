import type { DomainFormServices } from './domain-form-services';
import type { SubscriptionRepository } from './persistence/subscription-repository';

// The services @wfo/domain adds to the engine's step and form contexts (typed for authors through augmentation).
declare module '@wfo/engine' {
  interface StepServices {
    /** Create and load subscription models; a model returned in the step's output is saved with its checkpoint. */
    readonly subscriptions: SubscriptionRepository;
  }
  interface FormServices {
    /** Product and subscription lookups for the workflow kinds' first pages. */
    readonly domain: DomainFormServices;
  }
}
