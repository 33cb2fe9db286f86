import type { z } from 'zod';
import { zodMeta } from './page-meta';
import { pascalCase } from './python-text';

/**
 * Read-only looks into zod schemas, for the two places that need to know what a value was declared as: naming
 * `$defs` entries and choosing pydantic's error type (an `int` field's error differs from a `float` field's, an
 * enum's from a literal's). zod's `_zod.def` is its documented internal definition; only plain data is read.
 */

type ZodSchema = z.core.$ZodType;

/** The parts of a zod definition read here. */
interface LooseDef {
  type: string;
  format?: unknown;
  check?: unknown;
  version?: unknown;
  pattern?: unknown;
  checks?: readonly { _zod: { def: LooseDef } }[];
  innerType?: ZodSchema;
  in?: ZodSchema;
  getter?: () => ZodSchema;
  shape?: Record<string, ZodSchema>;
  element?: ZodSchema;
  valueType?: ZodSchema;
  items?: readonly ZodSchema[];
  rest?: ZodSchema | null;
  options?: readonly ZodSchema[];
}

export function defOf(schema: ZodSchema): LooseDef {
  return schema._zod.def as unknown as LooseDef;
}

/** Wrappers that change presence or defaults but not what a present value must look like. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema a value is checked against once wrappers are peeled off (for a pipe: its input side). */
export function unwrap(schema: ZodSchema): ZodSchema {
  let current = schema;
  // Bounded: a lazy schema that returns itself must not hang the error path.
  for (let depth = 0; depth < 64; depth++) {
    const def = defOf(current);
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else if (def.type === 'lazy' && def.getter) current = def.getter();
    else break;
  }
  return current;
}

/** The schema of a child value (object key, array index, record value), or `undefined` when it cannot be known. */
export function childSchema(schema: ZodSchema, key: PropertyKey): ZodSchema | undefined {
  const def = defOf(unwrap(schema));
  switch (def.type) {
    case 'object':
      return typeof key === 'string' && def.shape && Object.prototype.hasOwnProperty.call(def.shape, key)
        ? def.shape[key]
        : undefined;
    case 'array':
      return def.element;
    case 'set':
    case 'record':
    case 'map':
      return def.valueType;
    case 'tuple':
      return (typeof key === 'number' ? def.items?.[key] : undefined) ?? def.rest ?? undefined;
    default:
      // Unions and intersections: which branch applies depends on the value.
      return undefined;
  }
}

/** The schema at a path below `root`, or `undefined` when the path leads through something ambiguous. */
export function schemaAt(root: ZodSchema, path: readonly PropertyKey[]): ZodSchema | undefined {
  let current: ZodSchema | undefined = root;
  for (const key of path) {
    if (!current) return undefined;
    current = childSchema(current, key);
  }
  return current;
}

/** The zod type name of a schema once unwrapped (`string`, `number`, `enum`, `literal`, `object`, …). */
export function kindOf(schema: ZodSchema | undefined): string | undefined {
  return schema ? defOf(unwrap(schema)).type : undefined;
}

const INTEGER_FORMATS = new Set(['safeint', 'int32', 'uint32']);

/** Whether a number schema only admits integers (`z.int()`, `.int()`, `z.int32()`): pydantic's `int` rather than `float`. */
export function isIntegerSchema(schema: ZodSchema | undefined): boolean {
  if (!schema) return false;
  const def = defOf(unwrap(schema));
  if (def.type !== 'number') return false;
  if (typeof def.format === 'string' && INTEGER_FORMATS.has(def.format)) return true;
  return (def.checks ?? []).some(
    (check) => check._zod.def.check === 'number_format' && INTEGER_FORMATS.has(String(check._zod.def.format)),
  );
}

/** A string format zod checks (`uuid`, `email`, …): the schema's own (`z.uuid()`) or a check's (`z.string().uuid()`). */
export interface StringFormat {
  format: string;
  /** For version-specific UUIDs (`z.uuidv4()`): `v4`. */
  version?: string;
  /** The regular expression zod matches the format with, if it uses one. */
  pattern?: RegExp;
}

function asStringFormat(def: LooseDef): StringFormat | undefined {
  if (def.check !== 'string_format' || typeof def.format !== 'string' || def.format === 'regex') return undefined;
  return {
    format: def.format,
    ...(typeof def.version === 'string' ? { version: def.version } : {}),
    ...(def.pattern instanceof RegExp ? { pattern: def.pattern } : {}),
  };
}

/** Every built-in string format a schema checks (user `.regex()` patterns excluded). */
export function stringFormats(schema: ZodSchema | undefined): StringFormat[] {
  if (!schema) return [];
  const def = defOf(unwrap(schema));
  if (def.type !== 'string') return [];
  const formats: StringFormat[] = [];
  const own = asStringFormat(def);
  if (own) formats.push(own);
  for (const check of def.checks ?? []) {
    const format = asStringFormat(check._zod.def);
    if (format) formats.push(format);
  }
  return formats;
}

/** The name of the field a JSON Schema path or a value path ends in: its last string segment. */
export function fieldNameOf(path: readonly PropertyKey[]): string | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const segment = path[i];
    if (typeof segment === 'string') return segment;
  }
  return undefined;
}

/**
 * The name of an enum's or a nested object's `$defs` entry (pydantic: its class name, so also the `class_name` in
 * errors): the schema's meta `id`, else its meta `title` in PascalCase, else the field name in PascalCase.
 */
export function definitionName(schema: ZodSchema, fieldName: string | undefined): string {
  const meta = zodMeta(schema);
  if (typeof meta?.id === 'string' && meta.id !== '') return meta.id;
  if (typeof meta?.title === 'string' && meta.title !== '') return pascalCase(meta.title);
  return pascalCase(fieldName ?? '');
}
