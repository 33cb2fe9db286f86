import type { ConnectionArgs } from './connection';
import type { GraphqlContext } from './graphql-context';
import { SUBSCRIPTIONS_OF_CUSTOMER } from './owner-links';
import { subscriptionPage } from './subscription-node';

/**
 * `CustomerType`. Customers are not stored: a customer is the id its subscriptions carry, and that id is its name
 * too (orchestrator-core answers one configured default customer instead).
 */
export class CustomerNode {
  readonly customerId: string;
  readonly fullname: string;
  readonly shortcode: string;

  constructor(customerId: string) {
    this.customerId = customerId;
    this.fullname = customerId;
    this.shortcode = customerId;
  }

  subscriptions(args: ConnectionArgs, ctx: GraphqlContext) {
    return subscriptionPage(ctx, 'subscriptionsOfCustomer', SUBSCRIPTIONS_OF_CUSTOMER, this.customerId, args);
  }
}
