import type { BlockRow } from '../metadata/product-block-queries';
import type { ResourceTypeJson } from '../metadata/resource-type-schema';
import type { GraphqlContext } from './graphql-context';
import { enumName, isoDate } from './graphql-values';
import { ResourceTypeNode } from './resource-type-node';

/** `ProductBlock`: a block of the product definitions. */
export class ProductBlockNode {
  readonly #row: BlockRow;
  /** Given when already read with the block (a product's blocks come with theirs). */
  readonly #resourceTypes: readonly ResourceTypeJson[] | undefined;

  constructor(row: BlockRow, resourceTypes?: readonly ResourceTypeJson[]) {
    this.#row = row;
    this.#resourceTypes = resourceTypes;
  }

  get productBlockId() {
    return this.#row.product_block_id;
  }
  get name() {
    return this.#row.name;
  }
  get description() {
    return this.#row.description;
  }
  get tag() {
    return this.#row.tag;
  }
  get status() {
    return this.#row.status === null ? null : enumName(this.#row.status);
  }
  get createdAt() {
    return isoDate(this.#row.created_at);
  }
  get endDate() {
    return isoDate(this.#row.end_date);
  }

  async resourceTypes(_: unknown, ctx: GraphqlContext) {
    const types = this.#resourceTypes ?? (await ctx.loaders.resourceTypesOfBlock.load(this.#row.product_block_id));
    return types.map((t) => new ResourceTypeNode(t));
  }
  async dependsOn(_: unknown, ctx: GraphqlContext) {
    return (await ctx.loaders.dependsOnBlocks.load(this.#row.product_block_id)).map((b) => new ProductBlockNode(b));
  }
  async inUseBy(_: unknown, ctx: GraphqlContext) {
    return (await ctx.loaders.inUseByBlocks.load(this.#row.product_block_id)).map((b) => new ProductBlockNode(b));
  }
}
