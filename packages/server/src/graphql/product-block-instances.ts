import { snakeToCamel } from '../list-query/camel-case';
import type { GraphqlContext } from './graphql-context';
import { SubscriptionNode } from './subscription-node';

export interface BlockInstanceFilter {
  /** Only blocks of these product block names (orchestrator-core's `tags`). */
  readonly tags?: readonly string[] | null;
  /** Only these values of each block. */
  readonly resourceTypes?: readonly string[] | null;
}

type Json = Record<string, unknown>;

// Keys of a block's JSON that are not values of its own: identity and relations, shown as fields of their own.
const NOT_VALUES = new Set(['subscription_instance_id', 'owner_subscription_id', 'in_use_by_relations']);

const isScalar = (v: unknown) => v === null || ['string', 'number', 'boolean'].includes(typeof v);
const isBlock = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && typeof (v as Json).subscription_instance_id === 'string';

/**
 * `productBlockInstances`: the blocks of a subscription's model, depth first, each numbered (`id`) with its
 * parent's number, its own values (scalars and lists of scalars, with camelCase names) and the instances of other
 * subscriptions using it. Blocks of other subscriptions that this one uses are listed too, under their owner.
 *
 * One model load per subscription (four queries): the UI asks for the blocks of the one subscription it shows.
 */
export async function productBlockInstances(
  ctx: GraphqlContext,
  subscriptionId: string,
  filter: BlockInstanceFilter,
): Promise<object[]> {
  if (!ctx.loadDomainModel) return [];
  const model = await ctx.loadDomainModel(subscriptionId);
  const blocks: Array<{ id: number; parent: number | null; block: Json }> = [];
  const visit = (value: unknown, parent: number | null): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item, parent);
      return;
    }
    if (!isBlock(value)) return;
    const id = blocks.length;
    blocks.push({ id, parent, block: value });
    for (const child of Object.values(value)) visit(child, id);
  };
  for (const [key, value] of Object.entries(model)) if (key !== 'product') visit(value, null);

  return blocks
    .filter(({ block }) => !filter.tags?.length || filter.tags.includes(String(block.name)))
    .map(({ id, parent, block }) => ({
      id,
      parent,
      subscriptionInstanceId: block.subscription_instance_id,
      ownerSubscriptionId: block.owner_subscription_id,
      inUseByRelations: Array.isArray(block.in_use_by_relations) ? block.in_use_by_relations : [],
      productBlockInstanceValues: Object.entries(block)
        .filter(([key, value]) => !NOT_VALUES.has(key) && (isScalar(value) || isScalarList(value)))
        .filter(([key]) => !filter.resourceTypes?.length || filter.resourceTypes.includes(key))
        .map(([key, value]) => ({ field: snakeToCamel(key), value })),
      subscription: async () => {
        const owner = await ctx.loaders.subscription.load(String(block.owner_subscription_id));
        return owner ? new SubscriptionNode(owner) : null;
      },
    }));
}

function isScalarList(value: unknown): boolean {
  return Array.isArray(value) && value.every(isScalar);
}
