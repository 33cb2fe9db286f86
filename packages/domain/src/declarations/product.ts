import { ProductLifecycle } from '../lifecycle';
import { SUBSCRIPTION_ROW_KEYS } from '../model/subscription-model';
import { allBlocks, IDENTIFIER, type BlockDef } from './product-block';

/** The standard attributes of every subscription model; root blocks and fixed inputs may not use these names. */
export const SUBSCRIPTION_KEYS: readonly string[] = [...SUBSCRIPTION_ROW_KEYS, 'customer_descriptions'];

export interface ProductOptions<R extends Record<string, BlockDef>> {
  /** `products.name`: unique, and how subscriptions find their definition. */
  name: string;
  /** `products.product_type`. */
  type: string;
  /** `products.tag` (≤ 20 characters). */
  tag: string;
  description: string;
  /** @defaultValue 'active' */
  status?: ProductLifecycle;
  /** Read-only attributes of the product's subscriptions (`fixed_inputs`). */
  fixedInputs?: Record<string, string>;
  /** The root block(s), by attribute name: `model.<name>`. */
  root: R;
  /** Keys of the workflows linked to the product (`modify_note` is always linked). */
  workflows: string[];
}

export interface ProductDefinition<R extends Record<string, BlockDef> = Record<string, BlockDef>> {
  readonly kind: 'product';
  readonly name: string;
  readonly type: string;
  readonly tag: string;
  readonly description: string;
  readonly status: ProductLifecycle;
  readonly fixedInputs: Readonly<Record<string, string>>;
  readonly root: R;
  readonly workflows: readonly string[];
}

/**
 * Declare a product: what a customer buys, the block tree of its subscriptions, and the workflows that create,
 * modify and terminate them. Synced to the database when the API starts.
 */
export function product<R extends Record<string, BlockDef>>(opts: ProductOptions<R>): ProductDefinition<R> {
  const where = `product ${JSON.stringify(opts.name)}`;
  if (!opts.name) throw new TypeError('A product needs a name');
  if (!opts.tag || opts.tag.length > 20) throw new TypeError(`${where}: tag must be 1 to 20 characters`);
  const status = opts.status ?? ProductLifecycle.ACTIVE;
  if (!Object.values(ProductLifecycle).includes(status)) throw new TypeError(`${where}: unknown status ${status}`);
  const rootNames = Object.keys(opts.root ?? {});
  if (rootNames.length === 0) throw new TypeError(`${where}: declare at least one root block`);
  const fixed = Object.keys(opts.fixedInputs ?? {});
  for (const key of [...rootNames, ...fixed]) {
    if (SUBSCRIPTION_KEYS.includes(key)) throw new TypeError(`${where}: "${key}" is a subscription attribute`);
    if (!IDENTIFIER.test(key)) throw new TypeError(`${where}: "${key}" is not a valid attribute name`);
  }
  const clash = fixed.find((k) => rootNames.includes(k));
  if (clash) throw new TypeError(`${where}: "${clash}" is both a root block and a fixed input`);
  const rootBlocks = Object.values(opts.root);
  if (new Set(rootBlocks.map((b) => b.name)).size !== rootBlocks.length) {
    throw new TypeError(`${where}: two root attributes use the same block; use distinct blocks`);
  }
  allBlocks(rootBlocks); // rejects two different blocks with one name
  return Object.freeze({
    kind: 'product',
    name: opts.name,
    type: opts.type,
    tag: opts.tag,
    description: opts.description,
    status,
    fixedInputs: Object.freeze({ ...(opts.fixedInputs ?? {}) }),
    root: opts.root,
    workflows: Object.freeze([...(opts.workflows ?? [])]),
  });
}

export function isProductDefinition(value: unknown): value is ProductDefinition {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'product';
}
