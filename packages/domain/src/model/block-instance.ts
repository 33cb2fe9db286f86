import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { BlockDef, ManyBlocks, NestedBlock, OptionalBlock } from '../declarations/product-block';
import { isListField } from './field-codec';

/**
 * One instance of a product block in a subscription (`subscription_instances`): its resource type values and
 * nested block instances as properties. An instance owned by another subscription may be placed in a block field:
 * saving links it (depends_on / in_use_by) and never copies or modifies it.
 */
export class BlockInstance {
  /** `subscription_instances.subscription_instance_id`. */
  subscription_instance_id: string;
  /** The subscription that owns the instance; null for a new instance until it is saved. */
  owner_subscription_id: string | null;
  /** The product block's name. */
  name: string;
  label: string | null;
  [attribute: string]: unknown;

  // A private field: not an attribute, so neither in the JSON nor in `Object.keys`.
  readonly #definition: BlockDef;

  constructor(definition: BlockDef, init: { id: string; owner: string | null; label?: string | null }) {
    this.subscription_instance_id = init.id;
    this.owner_subscription_id = init.owner;
    this.name = definition.name;
    this.label = init.label ?? null;
    this.#definition = definition;
  }

  /** The block's declaration. */
  get definition(): BlockDef {
    return this.#definition;
  }

  /** The instance as JSON (the domain-model dict of orchestrator-core): identity, values and nested blocks. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      subscription_instance_id: this.subscription_instance_id,
      owner_subscription_id: this.owner_subscription_id,
      label: this.label,
    };
    for (const key of Object.keys(this.definition.fields)) json[key] = this[key] ?? null;
    for (const key of Object.keys(this.definition.blocks)) {
      const value = this[key];
      json[key] = Array.isArray(value)
        ? value.map((v: BlockInstance) => v.toJSON())
        : value instanceof BlockInstance
          ? value.toJSON()
          : null;
    }
    return json;
  }
}

/** The value a field holds when unset: `[]` for list fields, else null. */
export type FieldValue<T extends z.ZodType> = z.output<T> | null;

/** The typed view of an instance of block `B`. */
export type BlockValue<B> =
  B extends BlockDef<infer F, infer N>
    ? BlockInstance & { [K in keyof F]: FieldValue<F[K]> } & { [K in keyof N]: NestedValue<N[K]> }
    : never;
export type NestedValue<X> =
  X extends ManyBlocks<infer B>
    ? Array<BlockValue<B>>
    : X extends OptionalBlock<infer B>
      ? BlockValue<B> | null
      : X extends BlockDef
        ? BlockValue<X>
        : never;

/** The initial value of a nested block: a new instance for a required single block, none or an empty list else. */
function emptyNested(nested: NestedBlock, owner: string | null): unknown {
  if (nested.kind === 'many') return [];
  if (nested.kind === 'optional') return null;
  return newBlockInstance(nested, {}, owner);
}

/**
 * A new instance of a block, with a fresh id: the given values, nested required single blocks created, lists
 * empty, optional blocks absent.
 */
export function newBlockInstance<B extends BlockDef>(
  definition: B,
  values: Record<string, unknown> = {},
  owner: string | null = null,
): BlockValue<B> {
  const instance = new BlockInstance(definition, {
    id: randomUUID(),
    owner,
    label: (values.label as string | undefined) ?? null,
  });
  for (const key of Object.keys(values)) {
    if (key !== 'label' && !(key in definition.fields) && !(key in definition.blocks)) {
      throw new TypeError(`${definition.name} has no field or block "${key}"`);
    }
  }
  for (const [key, schema] of Object.entries(definition.fields)) {
    instance[key] = key in values ? values[key] : isListField(schema) ? [] : null;
  }
  for (const [key, nested] of Object.entries(definition.blocks)) {
    instance[key] = key in values ? values[key] : emptyNested(nested, owner);
  }
  return instance as BlockValue<B>;
}
