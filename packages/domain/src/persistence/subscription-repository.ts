import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@wfo/db';
import type { ProductDefinition } from '../declarations/product';
import type { BlockDef } from '../declarations/product-block';
import { newBlockInstance, type BlockValue } from '../model/block-instance';
import { SubscriptionModel, type AnySubscriptionModel, type ModelOf } from '../model/subscription-model';
import { loadSubscription } from './load-subscription';
import type { ProductCatalog } from './product-catalog';
import { inUseBySubscriptions, type RelatedSubscription } from './relations';
import { linkProcess } from './save-subscription';

type Db = Pick<PrismaClient, '$queryRaw' | '$executeRaw'>;

/** The process a repository works for (a step's), so it can link subscriptions to it. */
export interface ProcessBinding {
  readonly processId: string;
  readonly workflowTarget: string | null;
}

/**
 * What steps use as `ctx.subscriptions`: create and load subscription models. Models are not written here: a model
 * is saved when a step returns it in its output, in that step's checkpoint transaction. (Only `linkToProcess`
 * writes, an idempotent link.)
 */
export class SubscriptionRepository {
  constructor(
    private readonly db: Db,
    readonly catalog: ProductCatalog,
    private readonly process: ProcessBinding | null = null,
  ) {}

  /** This repository as a step of a process sees it. */
  forProcess(binding: ProcessBinding): SubscriptionRepository {
    return new SubscriptionRepository(this.db, this.catalog, binding);
  }

  /** A new subscription of a product, status `initial`, with an empty block tree (saved once returned). */
  async create<P extends ProductDefinition>(
    product: P,
    opts: { customerId: string; description?: string },
  ): Promise<ModelOf<P>>;
  async create(product: string, opts: { customerId: string; description?: string }): Promise<AnySubscriptionModel>;
  async create(
    product: ProductDefinition | string,
    opts: { customerId: string; description?: string },
  ): Promise<AnySubscriptionModel> {
    if (!opts?.customerId) throw new TypeError('create(product, { customerId }): customerId is required');
    const entry = await this.catalog.product(product);
    const subscriptionId = randomUUID();
    const model = new SubscriptionModel(entry.definition, {
      subscription_id: subscriptionId,
      customer_id: opts.customerId,
      description: opts.description ?? `Initial subscription of ${entry.info.description}`,
      status: 'initial',
      insync: false,
      start_date: null,
      end_date: null,
      note: null,
      version: 0,
      product: entry.info,
      isNew: true,
    });
    for (const [key, root] of Object.entries(entry.definition.root))
      model[key] = newBlockInstance(root, {}, subscriptionId);
    return model;
  }

  /** Load a subscription as its product's model, fresh from the database. */
  async load<P extends ProductDefinition>(subscriptionId: string, product: P): Promise<ModelOf<P>>;
  async load(subscriptionId: string): Promise<AnySubscriptionModel>;
  async load(subscriptionId: string, product?: ProductDefinition): Promise<AnySubscriptionModel> {
    const model = await loadSubscription(this.db, this.catalog, subscriptionId);
    if (product && model.definition.name !== product.name) {
      throw new TypeError(`Subscription ${subscriptionId} is a "${model.definition.name}", not a "${product.name}"`);
    }
    return model;
  }

  /** Subscriptions that use instances of this one (for the lifecycle safety check). */
  inUseBy(subscriptionId: string): Promise<RelatedSubscription[]> {
    return inUseBySubscriptions(this.db, subscriptionId);
  }

  /** Link the step's process to a subscription (`processes_subscriptions`), once. */
  async linkToProcess(subscriptionId: string): Promise<void> {
    if (!this.process) throw new Error('linkToProcess is only available inside a step');
    await linkProcess(this.db, this.process.processId, subscriptionId, this.process.workflowTarget);
  }

  /** A new block instance to place in a model (owned by the subscription it is saved in). */
  newBlock<B extends BlockDef>(block: B, values: Record<string, unknown> = {}): BlockValue<B> {
    return newBlockInstance(block, values);
  }
}
