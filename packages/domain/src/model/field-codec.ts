import type { z } from 'zod';

/**
 * Fields are stored as strings (`subscription_instance_values.value`), a list field as one row per item. The codec
 * follows the field's zod type: strings and enums as they are, numbers and booleans in their text form, anything
 * else (objects, records) as JSON.
 */
type ScalarKind = 'string' | 'number' | 'boolean' | 'date' | 'json';

interface ZodInternals {
  _zod: { def: { type: string; innerType?: z.ZodType; in?: z.ZodType; element?: z.ZodType; values?: unknown[] } };
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'readonly', 'catch', 'nonoptional']);

/** The schema under optional/nullable/default wrappers (and the input side of a pipe). */
export function unwrapField(schema: z.ZodType): z.ZodType {
  let current = schema as unknown as ZodInternals;
  for (;;) {
    const def = current._zod.def;
    if (WRAPPERS.has(def.type) && def.innerType) current = def.innerType;
    else if (def.type === 'pipe' && def.in) current = def.in;
    else return current as unknown as z.ZodType;
  }
}

export function isListField(schema: z.ZodType): boolean {
  return (unwrapField(schema) as unknown as ZodInternals)._zod.def.type === 'array';
}

function scalarKindOf(schema: z.ZodType): ScalarKind {
  const def = (unwrapField(schema) as unknown as ZodInternals)._zod.def;
  switch (def.type) {
    case 'string':
    case 'enum':
    case 'template_literal':
      return 'string';
    case 'number':
    case 'int':
      return 'number';
    case 'boolean':
      return 'boolean';
    case 'date':
      return 'date';
    case 'literal': {
      const first = def.values?.[0];
      return typeof first === 'number' ? 'number' : typeof first === 'boolean' ? 'boolean' : 'string';
    }
    default:
      return 'json';
  }
}

function elementOf(schema: z.ZodType): z.ZodType {
  return (unwrapField(schema) as unknown as ZodInternals)._zod.def.element as z.ZodType;
}

function encodeScalar(kind: ScalarKind, value: unknown): string {
  switch (kind) {
    case 'string':
      return String(value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'date':
      return value instanceof Date ? value.toISOString() : String(value);
    case 'json':
      return JSON.stringify(value);
  }
}

function decodeScalar(kind: ScalarKind, text: string): unknown {
  switch (kind) {
    case 'string':
      return text;
    case 'number':
      return Number(text);
    case 'boolean':
      return text === 'true' || text === 'True';
    case 'date':
      return new Date(text);
    case 'json':
      try {
        return JSON.parse(text) as unknown;
      } catch {
        return text;
      }
  }
}

/** A field's value → the strings to store (none for null/undefined). */
export function encodeField(schema: z.ZodType, value: unknown): string[] {
  if (value === null || value === undefined) return [];
  if (isListField(schema)) {
    const kind = scalarKindOf(elementOf(schema));
    return (Array.isArray(value) ? value : [value])
      .filter((v) => v !== null && v !== undefined)
      .map((v) => encodeScalar(kind, v));
  }
  return [encodeScalar(scalarKindOf(schema), value)];
}

/** Stored strings → the field's value: a list for list fields (possibly empty), else the value or null. */
export function decodeField(schema: z.ZodType, texts: readonly string[]): unknown {
  if (isListField(schema)) {
    const kind = scalarKindOf(elementOf(schema));
    return texts.map((t) => decodeScalar(kind, t));
  }
  const first = texts[0];
  return first === undefined ? null : decodeScalar(scalarKindOf(schema), first);
}
