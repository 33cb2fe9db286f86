import type { ProcessRow } from '../processes/process-row';
import type { SubscriptionJson } from '../schemas/subscription-schema';
import { toSubscriptionJson, type SubscriptionRow } from '../subscriptions/subscription-row';
import type { Connection, ConnectionArgs } from './connection';
import { CustomerNode } from './customer-node';
import type { GraphqlContext } from './graphql-context';
import { enumName, isoDate } from './graphql-values';
import { PROCESS_SOURCE, SUBSCRIPTION_SOURCE } from './list-sources';
import { DEPENDS_ON_SUBSCRIPTIONS, IN_USE_BY_SUBSCRIPTIONS, PROCESSES_OF_SUBSCRIPTION } from './owner-links';
import type { OwnerLink } from './pages-by-owner';
import { ProcessNode } from './process-node';
import { productBlockInstances, type BlockInstanceFilter } from './product-block-instances';
import { ProductModelNode } from './product-node';

/** `SubscriptionInterface` (concrete type `Subscription`): a subscription with its product. */
export class SubscriptionNode {
  readonly __typename = 'Subscription';
  readonly #json: SubscriptionJson;

  constructor(json: SubscriptionJson) {
    this.#json = json;
  }

  get subscriptionId() {
    return this.#json.subscription_id;
  }
  get customerId() {
    return this.#json.customer_id;
  }
  get description() {
    return this.#json.description;
  }
  get status() {
    return enumName(this.#json.status);
  }
  get insync() {
    return this.#json.insync;
  }
  get startDate() {
    return isoDate(this.#json.start_date);
  }
  get endDate() {
    return isoDate(this.#json.end_date);
  }
  get note() {
    return this.#json.note;
  }
  get version() {
    return this.#json.version;
  }
  get product() {
    return new ProductModelNode(this.#json.product);
  }
  get customer() {
    return new CustomerNode(this.#json.customer_id);
  }

  async customerDescriptions(_: unknown, ctx: GraphqlContext) {
    const extras = await ctx.loaders.subscriptionExtras.load(this.#json.subscription_id);
    return (extras?.customer_descriptions ?? []).map((d) => ({
      id: d.id,
      subscriptionId: d.subscription_id,
      customerId: d.customer_id,
      description: d.description,
      createdAt: isoDate(d.created_at),
      version: d.version,
    }));
  }
  async metadata(_: unknown, ctx: GraphqlContext) {
    return (await ctx.loaders.subscriptionExtras.load(this.#json.subscription_id))?.metadata ?? null;
  }
  async fixedInputs(_: unknown, ctx: GraphqlContext) {
    const inputs = await ctx.loaders.fixedInputsOfProduct.load(this.#json.product.product_id);
    return inputs.map((fi) => ({ field: fi.name, value: fi.value }));
  }

  productBlockInstances(filter: BlockInstanceFilter, ctx: GraphqlContext) {
    return productBlockInstances(ctx, this.#json.subscription_id, filter);
  }

  processes(args: ConnectionArgs, ctx: GraphqlContext) {
    return processPage(ctx, 'processesOfSubscription', PROCESSES_OF_SUBSCRIPTION, this.#json.subscription_id, args);
  }
  inUseBySubscriptions(args: ConnectionArgs, ctx: GraphqlContext) {
    return subscriptionPage(ctx, 'inUseBy', IN_USE_BY_SUBSCRIPTIONS, this.#json.subscription_id, args);
  }
  dependsOnSubscriptions(args: ConnectionArgs, ctx: GraphqlContext) {
    return subscriptionPage(ctx, 'dependsOn', DEPENDS_ON_SUBSCRIPTIONS, this.#json.subscription_id, args);
  }
}

/** One owner's page of a nested subscription connection, batched with the other owners'. */
export async function subscriptionPage(
  ctx: GraphqlContext,
  name: string,
  link: OwnerLink,
  owner: string,
  args: ConnectionArgs,
): Promise<Connection<SubscriptionNode>> {
  const page = await ctx.loaders.pagesByOwner<SubscriptionRow>(name, SUBSCRIPTION_SOURCE, link, args).load(owner);
  return { page: page.page.map((row) => new SubscriptionNode(toSubscriptionJson(row))), pageInfo: page.pageInfo };
}

/** One owner's page of a nested process connection, batched with the other owners'. */
export async function processPage(
  ctx: GraphqlContext,
  name: string,
  link: OwnerLink,
  owner: string,
  args: ConnectionArgs,
): Promise<Connection<ProcessNode>> {
  const page = await ctx.loaders.pagesByOwner<ProcessRow>(name, PROCESS_SOURCE, link, args).load(owner);
  return { page: page.page.map((row) => new ProcessNode(row)), pageInfo: page.pageInfo };
}
