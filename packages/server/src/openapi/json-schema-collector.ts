import { z } from 'zod';

export type JsonSchemaObject = Record<string, unknown>;

const DEFS_PREFIX = '#/$defs/';
const COMPONENTS_PREFIX = '#/components/schemas/';

/**
 * Converts zod schemas to OpenAPI 3.1 schemas (JSON Schema 2020-12). Schemas with a `.meta({ id })` become shared
 * components: zod puts them in each conversion's `$defs`; they are moved to `components.schemas` and references
 * rewritten, so a schema used by many routes is written once.
 */
export class JsonSchemaCollector {
  readonly components: Record<string, JsonSchemaObject> = {};

  /**
   * `input` describes what a client may send (before transforms and defaults), `output` what the server answers.
   * Schemas zod cannot express in JSON Schema (transforms' outputs, custom checks) become `{}`.
   */
  convert(schema: z.ZodType, io: 'input' | 'output'): JsonSchemaObject {
    const json = z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' }) as JsonSchemaObject;
    delete json.$schema;
    const defs = json.$defs as Record<string, JsonSchemaObject> | undefined;
    delete json.$defs;
    for (const [id, def] of Object.entries(defs ?? {})) this.components[id] ??= rewriteRefs(def) as JsonSchemaObject;
    return rewriteRefs(json) as JsonSchemaObject;
  }
}

function rewriteRefs(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(rewriteRefs);
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] =
      key === '$ref' && typeof child === 'string' && child.startsWith(DEFS_PREFIX)
        ? COMPONENTS_PREFIX + child.slice(DEFS_PREFIX.length)
        : rewriteRefs(child);
  }
  return out;
}
