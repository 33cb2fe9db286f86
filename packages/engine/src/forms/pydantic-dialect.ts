import type { JsonSchema } from './json-schema';
import { FORM_META_KEY } from './page-meta';
import { fieldTitle } from './python-text';

/**
 * Rewrites zod's JSON Schema of a page into the dialect pydantic v2 (with pydantic-forms) emits for a `FormPage`, which
 * is what the stock orchestrator UI renders. zod does the type mapping; this pass only adjusts conventions:
 *
 * - enums and nested objects live in `$defs` (titled like a class) and are referenced with `$ref`; the annotations
 *   that belong to the field (`default`, a field-level `description`, …) stay next to the `$ref`;
 * - every property gets pydantic's field-name `title` unless it has one, except `$ref` fields (and nullable ones),
 *   for which pydantic leaves the title to the referenced definition;
 * - nullable types are spelled `anyOf: [X, {type: "null"}]`, never as a `type` array;
 * - no bounds on plain integers (zod adds JavaScript's safe-integer range), integer enums are `integer`, no
 *   `propertyNames: {type: "string"}` on records, no `items: false` on tuples, no empty `required`;
 * - the page is `{title (default "unknown"), type: "object", properties, additionalProperties: false}`, without
 *   `$schema`, and keys are sorted as pydantic sorts them.
 */

/**
 * Key under which `formPageSchema`'s zod override marks a schema that pydantic would put in `$defs`: the definition's
 * name and the schema as zod generated it for that type (so wrapper annotations can be told apart from it).
 */
export const DEFINITION_MARK = '__wfoDefinition';

export interface DefinitionMark {
  name: string;
  body: JsonSchema;
}

const MIN_SAFE = -9007199254740991;
const MAX_SAFE = 9007199254740991;

/** Keys whose value is a subschema (or `true`/`false`). */
const SUBSCHEMA_KEYS = new Set([
  'items',
  'additionalProperties',
  'not',
  'if',
  'then',
  'else',
  'contains',
  'propertyNames',
  'unevaluatedProperties',
  'unevaluatedItems',
  'additionalItems',
]);
/** Keys whose value is a list of subschemas. */
const SUBSCHEMA_LIST_KEYS = new Set(['prefixItems', 'anyOf', 'oneOf', 'allOf']);
/** Keys whose value maps names to subschemas. */
const SUBSCHEMA_MAP_KEYS = new Set(['properties', '$defs', 'patternProperties', 'dependentSchemas']);

function isObject(value: unknown): value is JsonSchema {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]));
  if (isObject(a) && isObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((key) => key in b && jsonEqual(a[key], b[key]));
  }
  return false;
}

function isDefinitionMark(value: unknown): value is DefinitionMark {
  return isObject(value) && typeof value.name === 'string' && isObject(value.body);
}

function pointerSegment(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}

function isNullSchema(value: unknown): boolean {
  return isObject(value) && value.type === 'null' && Object.keys(value).length === 1;
}

/** The non-null member of a nullable `anyOf`, if the schema is one. */
function nullableMember(schema: JsonSchema): JsonSchema | undefined {
  const members = schema.anyOf;
  if (!Array.isArray(members) || members.length !== 2) return undefined;
  const [first, second] = members as unknown[];
  if (isNullSchema(second) && isObject(first)) return first;
  if (isNullSchema(first) && isObject(second)) return second;
  return undefined;
}

/** pydantic titles a field after its name unless its type brings its own title (a `$ref`, possibly nullable). */
function wantsFieldTitle(property: JsonSchema): boolean {
  if (typeof property.$ref === 'string') return false;
  return typeof nullableMember(property)?.$ref !== 'string';
}

/** The `$defs` being collected: names are unique; a name reused for a different schema gets a number. */
class Definitions {
  private readonly entries = new Map<string, JsonSchema>();

  /** @param reserved names that only their owner may take (the ids zod extracted itself). */
  constructor(private readonly reserved: ReadonlySet<string> = new Set()) {}

  add(name: string, body: JsonSchema, isOwner = false): string {
    for (let n = 1; ; n++) {
      const candidate = n === 1 ? name : `${name}${n}`;
      if (!isOwner && this.reserved.has(candidate)) continue;
      const existing = this.entries.get(candidate);
      if (!existing) {
        this.entries.set(candidate, body);
        return candidate;
      }
      if (jsonEqual(existing, body)) return candidate;
    }
  }

  get size(): number {
    return this.entries.size;
  }

  toObject(): JsonSchema {
    return Object.fromEntries(this.entries);
  }
}

/** A member of a schema object, visited according to what its key holds (subschemas or plain data). */
function visitMember(key: string, value: unknown, defs: Definitions): unknown {
  if (SUBSCHEMA_KEYS.has(key)) return visit(value, defs);
  if (SUBSCHEMA_LIST_KEYS.has(key) && Array.isArray(value)) return value.map((item) => visit(item, defs));
  if (SUBSCHEMA_MAP_KEYS.has(key) && isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([name, child]) => [name, visit(child, defs)]));
  }
  return value;
}

/** Extracts a marked schema into `$defs` and returns the `$ref` that replaces it. */
function extractDefinition(node: JsonSchema, mark: DefinitionMark, defs: Definitions): JsonSchema {
  const body = visit(mark.body, defs) as JsonSchema;
  body.title ??= mark.name;
  const name = defs.add(mark.name, body);
  const site: JsonSchema = { $ref: `#/$defs/${pointerSegment(name)}` };
  // What the node has beyond the type's own schema came from wrappers around it (`.default()`, `.describe()`, …):
  // those annotate the field, so they stay at the reference, as pydantic keeps a field's default next to its `$ref`.
  for (const [key, value] of Object.entries(node)) {
    if (key === DEFINITION_MARK) continue;
    if (key in mark.body && jsonEqual(value, mark.body[key])) continue;
    site[key] = visitMember(key, value, defs);
  }
  return site;
}

function visit(value: unknown, defs: Definitions): unknown {
  if (!isObject(value)) return value;
  const mark = value[DEFINITION_MARK];
  if (isDefinitionMark(mark)) return extractDefinition(value, mark, defs);

  const node: JsonSchema = {};
  for (const [key, child] of Object.entries(value)) node[key] = visitMember(key, child, defs);
  adjust(node);
  return node;
}

/** The per-node conventions (see the file comment). Children have been adjusted already. */
function adjust(node: JsonSchema): void {
  if (Array.isArray(node.type)) {
    const types = node.type as unknown[];
    delete node.type;
    // zod folds `anyOf: [{type: A}, {type: B}]` into `type: [A, B]`; pydantic keeps the union. With `enum`/`const`
    // present the values already say it all, and pydantic then gives no type.
    if (node.enum === undefined && node.const === undefined) node.anyOf = types.map((type) => ({ type }));
  }
  if (node.type === 'integer') {
    if (node.minimum === MIN_SAFE) delete node.minimum;
    if (node.maximum === MAX_SAFE) delete node.maximum;
  }
  if (node.type === 'number' && Array.isArray(node.enum) && node.enum.every((v) => Number.isInteger(v))) {
    node.type = 'integer';
  }
  if (jsonEqual(node.propertyNames, { type: 'string' })) delete node.propertyNames;
  if (Array.isArray(node.prefixItems) && node.items === false) delete node.items;
  if (Array.isArray(node.required) && node.required.length === 0) delete node.required;

  const member = nullableMember(node);
  if (member && typeof member.$ref !== 'string') {
    // pydantic puts a nullable field's title and description on the field, not inside the union.
    for (const key of ['title', 'description']) {
      if (member[key] !== undefined && node[key] === undefined) {
        node[key] = member[key];
        delete member[key];
      }
    }
  }

  if (isObject(node.properties)) {
    for (const [name, property] of Object.entries(node.properties)) {
      if (isObject(property) && property.title === undefined && wantsFieldTitle(property)) {
        property.title = fieldTitle(name);
      }
    }
  }
}

/** pydantic's key order: alphabetical, except the field order of `properties` and the data of `default`. */
function sortKeys(value: unknown, parentKey?: string): unknown {
  if (Array.isArray(value)) return value.map((item) => sortKeys(item, parentKey));
  if (!isObject(value)) return value;
  const keys = Object.keys(value);
  if (parentKey !== 'properties' && parentKey !== 'default') keys.sort();
  return Object.fromEntries(keys.map((key) => [key, sortKeys(value[key], key)]));
}

/**
 * zod's JSON Schema of a page (with {@link DEFINITION_MARK} marks) → pydantic's dialect, as a new object, titled
 * `title`.
 */
export function toPydanticDialect(raw: JsonSchema, title: string): JsonSchema {
  const { $schema: _schema, $defs: rawDefs, ...rest } = raw;
  const zodDefs: JsonSchema = isObject(rawDefs) ? { ...rawDefs } : {};
  let root: JsonSchema = rest;

  // A page with a meta `id` is moved into `$defs` by zod and referenced from the root: put it back in place.
  if (typeof root.$ref === 'string' && root.$ref.startsWith('#/$defs/')) {
    const id = root.$ref.slice('#/$defs/'.length).replace(/~1/g, '/').replace(/~0/g, '~');
    const body = zodDefs[id];
    if (isObject(body)) {
      delete zodDefs[id];
      const { $ref: _ref, ...annotations } = root;
      root = { ...body, ...annotations };
    }
  }

  // Schemas zod extracted itself (meta `id`) keep their names; derived names must not take them.
  const defs = new Definitions(new Set(Object.keys(zodDefs)));
  for (const [name, body] of Object.entries(zodDefs)) {
    const definition = visit(body, defs) as JsonSchema;
    definition.title ??= name;
    defs.add(name, definition, true);
  }
  const page = visit(root, defs) as JsonSchema;

  delete page[FORM_META_KEY];
  delete page.id;
  page.title = title;
  page.type = 'object';
  page.properties ??= {};
  page.additionalProperties = false;
  if (defs.size > 0) page.$defs = defs.toObject();
  return sortKeys(page) as JsonSchema;
}
