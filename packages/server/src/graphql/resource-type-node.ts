import type { ResourceTypeJson } from '../metadata/resource-type-schema';
import type { GraphqlContext } from './graphql-context';
import { ProductBlockNode } from './product-block-node';

/** `ResourceType`: a field of product blocks. */
export class ResourceTypeNode {
  readonly resourceTypeId: string;
  readonly resourceType: string;
  readonly description: string | null;

  constructor(json: ResourceTypeJson) {
    this.resourceTypeId = json.resource_type_id;
    this.resourceType = json.resource_type;
    this.description = json.description;
  }

  async productBlocks(_: unknown, ctx: GraphqlContext) {
    return (await ctx.loaders.blocksOfResourceType.load(this.resourceTypeId)).map((b) => new ProductBlockNode(b));
  }
}
