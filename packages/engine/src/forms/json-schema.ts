import { z } from 'zod';
import type { FormPage } from './form';
import { formPageName, zodMeta } from './page-meta';
import { DEFINITION_MARK, toPydanticDialect, type DefinitionMark } from './pydantic-dialect';
import { defOf, definitionName, stringFormats } from './zod-introspection';

/** A JSON Schema document (here always in pydantic's dialect, see {@link formPageSchema}). */
export interface JsonSchema {
  [key: string]: unknown;
}

/** The name of the field a zod JSON Schema path belongs to: the key after its last `properties`. */
function fieldOfSchemaPath(path: readonly (string | number)[]): string | undefined {
  for (let i = path.length - 1; i > 0; i--) {
    const key = path[i];
    if (path[i - 1] === 'properties' && typeof key === 'string') return key;
  }
  return undefined;
}

/** zod writes the regular expression of a string format (`uuid`, `email`, …) next to it; pydantic gives the format only. */
function dropFormatPatterns(zodSchema: z.core.$ZodType, json: JsonSchema): void {
  const sources = new Set(stringFormats(zodSchema).flatMap((f) => (f.pattern ? [f.pattern.source] : [])));
  if (sources.size === 0) return;
  if (typeof json.pattern === 'string' && sources.has(json.pattern)) delete json.pattern;
  if (Array.isArray(json.allOf)) {
    // Several patterns (a format plus `.regex()`) come as `allOf: [{pattern}, …]`.
    const kept = (json.allOf as unknown[]).filter(
      (member) =>
        !(
          typeof member === 'object' &&
          member !== null &&
          Object.keys(member).length === 1 &&
          sources.has(String((member as JsonSchema).pattern))
        ),
    );
    if (kept.length === 0) delete json.allOf;
    else json.allOf = kept;
  }
}

/**
 * The JSON Schema of one form page, in the dialect pydantic v2 and pydantic-forms produce for a `FormPage` (what
 * orchestrator-core sends in a 510 and in a process's `form`, and what the stock orchestrator UI renders).
 *
 * zod's own generator (`z.toJSONSchema`, input side: fields with defaults are not required) does the type mapping;
 * an override marks the schemas pydantic would put in `$defs`, and a second pass adapts the conventions.
 *
 * Conventions:
 * - page: `title` from `.meta({ title })`, else `.meta({ id })`, else `"unknown"` (the name its validation errors
 *   give too, see `formPageName`); `description` from `.meta({ description })`;
 *   `additionalProperties: false`; `required` only when non-empty; the `formMeta` metadata is left out.
 * - fields: `title` derived from the name as pydantic does (`customer_id` → `"Customer Id"`) unless given with
 *   `.meta({ title })`; `default` from `.default()` (a function's value too, as pydantic-forms emits
 *   `default_factory` values); extra `.meta()` keys pass through (`.meta({ format: 'long' })` selects a UI widget).
 * - enums (`z.enum`, native enums) and nested objects go to `$defs` with a `title`, referenced by `$ref` (with the
 *   field's `default` next to it). Their name: meta `id`, else meta `title` in PascalCase, else the field name in
 *   PascalCase (`port_mode` → `PortMode`). Different schemas that would share a name get `PortMode2`, ….
 * - `.optional()` fields are not required; `.nullable()` gives `anyOf: [X, {"type": "null"}]`.
 * - string formats give `format` only (`z.uuid()` → `format: "uuid"`); integers have no implicit bounds.
 *
 * Differences from pydantic that remain:
 * - `$defs` names come from ids, titles or field names, as zod schemas have no class names.
 * - an `.optional()` field has no `default: null` (pydantic's `Optional[X] = None` has); use `.nullable().default(null)`
 *   for pydantic's exact spelling.
 * - discriminated unions are zod's `oneOf` without pydantic's `discriminator` mapping; tuples and other rarely used
 *   types keep zod's spelling.
 * - types JSON Schema cannot express (`z.date()`, `z.custom()`) become `{}` (with a title) instead of failing.
 */
export function formPageSchema(page: FormPage): JsonSchema {
  const raw = z.toJSONSchema(page, {
    io: 'input',
    unrepresentable: 'any',
    override: ({ zodSchema, jsonSchema, path }) => {
      if (zodSchema === page) return;
      const json = jsonSchema as JsonSchema;
      dropFormatPatterns(zodSchema, json);
      const type = defOf(zodSchema).type;
      // Already a reference: a copy of a schema zod extracted (`Role.meta({ title })` where `Role` has an id).
      if ((type !== 'enum' && type !== 'object') || typeof json.$ref === 'string') return;
      const id = zodMeta(zodSchema)?.id;
      if (typeof id === 'string' && id !== '') {
        // zod extracts schemas with an id into `$defs` itself, and hands the override that `$defs` entry.
        json.title ??= id;
        return;
      }
      const mark: DefinitionMark = {
        name: definitionName(zodSchema, fieldOfSchemaPath(path)),
        body: { ...json },
      };
      json[DEFINITION_MARK] = mark;
    },
  });
  return toPydanticDialect(raw, formPageName(page));
}
