import type { z } from 'zod';
import { LIFECYCLES, type Lifecycle } from '../lifecycle';

/** A block's scalar fields: resource types, zod-typed, stored as strings (a list field as several values). */
export type FieldMap = Record<string, z.ZodType>;
/** A block's nested blocks: exactly one, `optional(B)`, or `many(B)`. */
export type NestedMap = Record<string, BlockDef | OptionalBlock | ManyBlocks>;

export interface BlockDef<F extends FieldMap = FieldMap, N extends NestedMap = NestedMap> {
  readonly kind: 'block';
  /** `product_blocks.name`: unique across the application. */
  readonly name: string;
  readonly fields: F;
  readonly blocks: N;
  /** Field and block names that must be set, per lifecycle ('initial' requires nothing). */
  readonly requiredIn: Readonly<Partial<Record<Lifecycle, readonly string[]>>>;
  readonly description: string;
  readonly tag: string;
}

export interface OptionalBlock<B extends BlockDef = BlockDef> {
  readonly kind: 'optional';
  readonly block: B;
}

export interface ManyBlocks<B extends BlockDef = BlockDef> {
  readonly kind: 'many';
  readonly block: B;
  readonly min: number;
  /** Undefined: no upper bound. */
  readonly max: number | undefined;
}

export type NestedBlock = BlockDef | OptionalBlock | ManyBlocks;

/** Names a block instance has of its own; fields and nested blocks may not use them. */
export const BLOCK_META_KEYS = [
  'subscription_instance_id',
  'owner_subscription_id',
  'name',
  'label',
  'in_use_by_ids',
  'in_use_by_relations',
];

/** Field, attribute and nested-block names: snake_case, as orchestrator-core's Python attributes are. */
export const IDENTIFIER = /^[a-z][a-z0-9_]*$/;

export interface ProductBlockOptions<F extends FieldMap, N extends NestedMap> {
  fields?: F;
  blocks?: N;
  requiredIn?: Partial<Record<Lifecycle, string[]>>;
  description?: string;
  tag?: string;
}

/**
 * Declare a product block: its resource types (fields) and nested blocks. A field or block is optional unless
 * `requiredIn` lists it for the subscription's current lifecycle.
 *
 * @example
 * const port = productBlock('PortBlock', { fields: { port_name: z.string(), speed: z.number().int() },
 *   requiredIn: { active: ['port_name', 'speed'] } });
 */
export function productBlock<F extends FieldMap = Record<never, never>, N extends NestedMap = Record<never, never>>(
  name: string,
  opts: ProductBlockOptions<F, N> = {},
): BlockDef<F, N> {
  if (typeof name !== 'string' || !/^[A-Za-z][A-Za-z0-9 _-]*$/.test(name)) {
    throw new TypeError(`Invalid product block name ${JSON.stringify(name)}`);
  }
  const fields = (opts.fields ?? {}) as F;
  const blocks = (opts.blocks ?? {}) as N;
  const names = [...Object.keys(fields), ...Object.keys(blocks)];
  for (const key of names) {
    if (!IDENTIFIER.test(key)) throw new TypeError(`${name}: "${key}" is not a valid field name (snake_case)`);
    if (BLOCK_META_KEYS.includes(key)) throw new TypeError(`${name}: "${key}" is reserved for the block instance`);
  }
  const duplicate = Object.keys(fields).find((k) => k in blocks);
  if (duplicate) throw new TypeError(`${name}: "${duplicate}" is both a field and a block`);
  for (const [lifecycle, required] of Object.entries(opts.requiredIn ?? {})) {
    if (!LIFECYCLES.includes(lifecycle as Lifecycle)) throw new TypeError(`${name}: unknown lifecycle "${lifecycle}"`);
    for (const key of required ?? []) {
      if (!names.includes(key)) throw new TypeError(`${name}: requiredIn.${lifecycle} names unknown "${key}"`);
    }
  }
  return Object.freeze({
    kind: 'block',
    name,
    fields,
    blocks,
    requiredIn: opts.requiredIn ?? {},
    description: opts.description ?? name,
    tag:
      opts.tag ??
      name
        .replace(/Block$/, '')
        .toUpperCase()
        .slice(0, 20),
  });
}

/** A nested block that may be absent. */
export function optional<B extends BlockDef>(block: B): OptionalBlock<B> {
  return Object.freeze({ kind: 'optional', block });
}

/** A list of nested blocks, in order, with a cardinality (`max` always, `min` where the list is required). */
export function many<B extends BlockDef>(block: B, opts: { min?: number; max?: number } = {}): ManyBlocks<B> {
  const min = opts.min ?? 0;
  if (!Number.isInteger(min) || min < 0) throw new TypeError(`many(${block.name}): min must be a whole number ≥ 0`);
  if (opts.max !== undefined && (!Number.isInteger(opts.max) || opts.max < Math.max(min, 1))) {
    throw new TypeError(`many(${block.name}): max must be a whole number ≥ min and ≥ 1`);
  }
  return Object.freeze({ kind: 'many', block, min, max: opts.max });
}

/** The block definition behind a nested entry. */
export function blockOf(nested: NestedBlock): BlockDef {
  return nested.kind === 'block' ? nested : nested.block;
}

/** Every block reachable from these blocks (each once), in a stable order: the definition's blocks first. */
export function allBlocks(roots: readonly BlockDef[]): BlockDef[] {
  const seen = new Map<string, BlockDef>();
  const visit = (block: BlockDef) => {
    const known = seen.get(block.name);
    if (known) {
      if (known !== block) throw new TypeError(`Two different product blocks are named "${block.name}"`);
      return;
    }
    seen.set(block.name, block);
    for (const nested of Object.values(block.blocks)) visit(blockOf(nested));
  };
  for (const root of roots) visit(root);
  return [...seen.values()];
}
