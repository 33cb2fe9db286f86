import type { BlockDef } from '../declarations/product-block';
import type { ProductDefinition } from '../declarations/product';
import type { Lifecycle } from '../lifecycle';
import { BlockInstance, type BlockValue } from './block-instance';

/** The product of a subscription, as the domain model shows it. Times are Unix epoch seconds. */
export interface ProductInfo {
  readonly product_id: string;
  readonly name: string;
  readonly description: string;
  readonly product_type: string;
  readonly tag: string;
  readonly status: string;
  readonly created_at: number | null;
  readonly end_date: number | null;
}

/** The model's own attributes: the `subscriptions` row and its product, in the order its JSON shows them. */
export const SUBSCRIPTION_ROW_KEYS = [
  'subscription_id',
  'customer_id',
  'description',
  'status',
  'insync',
  'start_date',
  'end_date',
  'note',
  'version',
  'product',
] as const;

type SubscriptionRowKey = (typeof SUBSCRIPTION_ROW_KEYS)[number];

/**
 * A subscription as a domain model: the `subscriptions` row, the product, the fixed inputs, and one property per
 * root block with its instance tree. Typed per product with {@link ModelOf}. Returning a model in a step's output
 * saves it in that step's checkpoint; it is validated for its `status` then (required fields, value types).
 */
export class SubscriptionModel {
  subscription_id: string;
  customer_id: string;
  description: string;
  status: Lifecycle;
  insync: boolean;
  /** Unix epoch seconds. */
  start_date: number | null;
  end_date: number | null;
  note: string | null;
  /** Optimistic lock: saving a model loaded at another version fails as stale. */
  version: number;
  product: ProductInfo;
  [attribute: string]: unknown;

  // Private fields: not attributes, so neither in the JSON nor in `Object.keys`.
  readonly #definition: ProductDefinition;
  /** Not in the database yet (created in this step). */
  #isNew: boolean;
  /** Only the subscription row changed (insync, status, dates, note): the block tree is left as stored. */
  #rowOnly = false;

  constructor(
    definition: ProductDefinition,
    init: Pick<SubscriptionModel, SubscriptionRowKey> & { readonly isNew: boolean },
  ) {
    this.subscription_id = init.subscription_id;
    this.customer_id = init.customer_id;
    this.description = init.description;
    this.status = init.status;
    this.insync = init.insync;
    this.start_date = init.start_date;
    this.end_date = init.end_date;
    this.note = init.note;
    this.version = init.version;
    this.product = init.product;
    this.#definition = definition;
    this.#isNew = init.isNew;
    for (const [key, value] of Object.entries(definition.fixedInputs)) {
      Object.defineProperty(this, key, { value, enumerable: true, writable: false });
    }
  }

  /** The product declaration this subscription is an instance of. */
  get definition(): ProductDefinition {
    return this.#definition;
  }

  /** @internal whether the subscription row does not exist yet. */
  get isNew(): boolean {
    return this.#isNew;
  }

  /** @internal mark as stored (after a save). */
  markSaved(version: number): void {
    this.#isNew = false;
    this.#rowOnly = false;
    this.version = version;
  }

  /**
   * @internal The built-in steps that change only the subscription row (lock, unlock, status, note) save only the
   * row: no rewrite of every value, and no revalidation of a tree they did not touch.
   */
  saveRowOnly(): this {
    this.#rowOnly = true;
    return this;
  }

  /** @internal whether only the row is saved (see {@link saveRowOnly}). */
  get savesRowOnly(): boolean {
    return this.#rowOnly;
  }

  /** The root block instances, by attribute name. */
  roots(): Array<[string, BlockInstance]> {
    return Object.keys(this.definition.root)
      .map((key) => [key, this[key]] as [string, unknown])
      .filter((entry): entry is [string, BlockInstance] => entry[1] instanceof BlockInstance);
  }

  /** The domain model as JSON: what the state holds and `GET /api/subscriptions/domain-model/{id}` shows. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {};
    for (const key of SUBSCRIPTION_ROW_KEYS) json[key] = this[key];
    for (const [key, value] of Object.entries(this.definition.fixedInputs)) json[key] = value;
    for (const key of Object.keys(this.definition.root)) {
      const value = this[key];
      json[key] = value instanceof BlockInstance ? value.toJSON() : null;
    }
    return json;
  }
}

export function isSubscriptionModel(value: unknown): value is SubscriptionModel {
  return value instanceof SubscriptionModel;
}

/** A subscription model typed by its product's declaration. */
export type ModelOf<P extends ProductDefinition> = SubscriptionModel & {
  [K in keyof P['root']]: P['root'][K] extends BlockDef ? BlockValue<P['root'][K]> : never;
};

/**
 * A subscription model of any product: its attributes are untyped, so steps can use a loaded model without casts
 * (`model.node.node_name = …`). Use {@link ModelOf} (load with the product definition) to have them typed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnySubscriptionModel = SubscriptionModel & { [attribute: string]: any };
