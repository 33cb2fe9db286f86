import type { SubscriptionJson } from '../schemas/subscription-schema';
import type { ConnectionArgs } from './connection';
import type { GraphqlContext } from './graphql-context';
import { enumName, isoDate } from './graphql-values';
import { SUBSCRIPTIONS_OF_PRODUCT } from './owner-links';
import { ProductBlockNode } from './product-block-node';
import { subscriptionPage } from './subscription-node';
import { WorkflowNode } from './workflow-node';

/** A product's own columns, as a subscription nests them and as the product queries read them. */
type ProductColumns = SubscriptionJson['product'];

/** `ProductModelGraphql`: the product as a subscription carries it. */
export class ProductModelNode {
  protected readonly row: ProductColumns;

  constructor(row: ProductColumns) {
    this.row = row;
  }

  get productId() {
    return this.row.product_id;
  }
  get name() {
    return this.row.name;
  }
  get description() {
    return this.row.description;
  }
  get productType() {
    return this.row.product_type;
  }
  get tag() {
    return this.row.tag;
  }
  get status() {
    return enumName(this.row.status);
  }
  get createdAt() {
    return isoDate(this.row.created_at);
  }
  get endDate() {
    return isoDate(this.row.end_date);
  }
}

/** `ProductType`: the product with its definition and subscriptions. */
export class ProductNode extends ProductModelNode {
  async productBlocks(_: unknown, ctx: GraphqlContext) {
    const blocks = await ctx.loaders.productBlocksOfProduct.load(this.row.product_id);
    return blocks.map(({ resource_types, ...block }) => new ProductBlockNode(block, resource_types));
  }
  async fixedInputs(_: unknown, ctx: GraphqlContext) {
    const inputs = await ctx.loaders.fixedInputsOfProduct.load(this.row.product_id);
    return inputs.map((fi) => ({
      fixedInputId: fi.fixed_input_id,
      name: fi.name,
      value: fi.value,
      productId: fi.product_id,
      createdAt: isoDate(fi.created_at),
    }));
  }
  async workflows(_: unknown, ctx: GraphqlContext) {
    const workflows = await ctx.loaders.workflowsOfProduct.load(this.row.product_id);
    return workflows.map((w) => new WorkflowNode(w));
  }
  subscriptions(args: ConnectionArgs, ctx: GraphqlContext) {
    return subscriptionPage(ctx, 'subscriptionsOfProduct', SUBSCRIPTIONS_OF_PRODUCT, this.row.product_id, args);
  }
}
