import { z } from 'zod';
import type { FormErrorEntry } from './errors';
import { plural, pyOrList, pyRepr } from './python-text';
import { uuidParseProblem } from './uuid-error';
import {
  definitionName,
  fieldNameOf,
  isIntegerSchema,
  kindOf,
  schemaAt,
  stringFormats,
  unwrap,
} from './zod-introspection';

/**
 * zod issues → the validation errors orchestrator-core sends (pydantic v2's errors as pydantic-forms passes them on).
 *
 * The entries are pydantic v2's errors, worded as pydantic v2 words them (`Field required`, `Input should be …`),
 * with pydantic-forms' two changes to what the wire carries: a custom validator's message comes without pydantic's
 * `Value error, ` prefix (the author's text as written, also as `ctx.error`), and
 * errors about the page as a whole get `loc: ["__root__"]` (a custom error raised for a nested object gets
 * `"__root__"` appended to its location). pydantic-forms' en_US translation of `Field required` into v1's lowercase
 * `field required` is not reproduced: one wording throughout.
 *
 * A message the form author wrote for a built-in check (`z.string().min(2, 'Too short')`), or an application-wide zod
 * error map, replaces pydantic's wording; the error `type` and `ctx` stay pydantic's.
 *
 * Which values are accepted is zod's decision, not pydantic's: pydantic's lax mode would take `"5"` for an int or
 * `"true"` for a bool, zod does not (use `z.coerce` in a page for that). The error then says what pydantic says for
 * a value it cannot use (`int_type`, `bool_parsing`, …).
 */

type Issue = z.core.$ZodIssue;
type ZodSchema = z.core.$ZodType;
type Loc = (string | number)[];

/** pydantic v2's message for a missing field. */
const MISSING_MESSAGE = 'Field required';

/** Where issues are being read: the schema and data their paths start from, and the location of that start. */
interface Scope {
  schema: ZodSchema | undefined;
  data: unknown;
  loc: Loc;
  /** The name of the object at the scope's start, when it is the page itself. */
  pageName?: string;
}

/** Any object but an array (class instances too): what can hold a field by name. */
function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  let current = data;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

function locOf(path: readonly PropertyKey[]): Loc {
  return path.map((segment) => (typeof segment === 'number' ? segment : String(segment)));
}

/** The message zod would have given the issue by itself; a different one was written by the form author. */
function authorMessage(issue: Issue): string | undefined {
  const localeError = z.config().localeError;
  if (!localeError) return undefined;
  const standard = localeError({ ...issue, input: issue.input } as z.core.$ZodRawIssue);
  const text = typeof standard === 'string' ? standard : standard?.message;
  return text !== undefined && text !== issue.message ? issue.message : undefined;
}

function isNumericString(value: unknown, integer: boolean): boolean {
  if (typeof value !== 'string' || value.trim() === '') return false;
  const n = Number(value);
  return Number.isFinite(n) && (!integer || Number.isInteger(n));
}

type Entry = Omit<FormErrorEntry, 'loc' | 'input'>;

function objectTypeError(schema: ZodSchema | undefined, loc: Loc, scope: Scope, path: Loc): Entry {
  const kind = kindOf(schema);
  if (kind === 'record' || kind === 'map') return { type: 'dict_type', msg: 'Input should be a valid dictionary' };
  const className =
    path.length === 0 && scope.pageName !== undefined
      ? scope.pageName
      : schema
        ? definitionName(unwrap(schema), fieldNameOf(loc))
        : 'Model';
  return {
    type: 'model_type',
    msg: `Input should be a valid dictionary or instance of ${className}`,
    ctx: { class_name: className },
  };
}

/** A value of the wrong type, as pydantic names it for the declared type (which zod's `expected` only hints at). */
function invalidType(expected: string, input: unknown, schema: ZodSchema | undefined): Entry {
  if (expected === 'string' && stringFormats(schema).some((f) => f.format === 'uuid' || f.format === 'guid')) {
    return { type: 'uuid_type', msg: 'UUID input should be a string, bytes or UUID object' };
  }
  switch (expected) {
    case 'string':
      return { type: 'string_type', msg: 'Input should be a valid string' };
    case 'int':
    case 'number':
    case 'bigint': {
      if (expected === 'int' || expected === 'bigint' || isIntegerSchema(schema)) {
        if (typeof input === 'number' && Number.isFinite(input) && !Number.isInteger(input)) {
          return {
            type: 'int_from_float',
            msg: 'Input should be a valid integer, got a number with a fractional part',
          };
        }
        if (typeof input === 'string' && !isNumericString(input, true)) {
          return { type: 'int_parsing', msg: 'Input should be a valid integer, unable to parse string as an integer' };
        }
        return { type: 'int_type', msg: 'Input should be a valid integer' };
      }
      if (typeof input === 'string' && !isNumericString(input, false)) {
        return { type: 'float_parsing', msg: 'Input should be a valid number, unable to parse string as a number' };
      }
      return { type: 'float_type', msg: 'Input should be a valid number' };
    }
    case 'boolean':
      return typeof input === 'string' || typeof input === 'number'
        ? { type: 'bool_parsing', msg: 'Input should be a valid boolean, unable to interpret input' }
        : { type: 'bool_type', msg: 'Input should be a valid boolean' };
    case 'array':
      return { type: 'list_type', msg: 'Input should be a valid list' };
    case 'record':
    case 'map':
      return { type: 'dict_type', msg: 'Input should be a valid dictionary' };
    case 'tuple':
      return { type: 'tuple_type', msg: 'Input should be a valid tuple' };
    case 'set':
      return { type: 'set_type', msg: 'Input should be a valid set' };
    case 'null':
      return { type: 'none_required', msg: 'Input should be None' };
    case 'date':
      return { type: 'datetime_type', msg: 'Input should be a valid datetime' };
    default:
      return { type: `${expected}_type`, msg: `Input should be a valid ${expected}` };
  }
}

function tooSmall(issue: Extract<Issue, { code: 'too_small' }>, input: unknown): Entry | undefined {
  const n = Number(issue.minimum);
  switch (issue.origin) {
    case 'string':
      return {
        type: 'string_too_short',
        msg: `String should have at least ${plural(n, 'character')}`,
        ctx: { min_length: n },
      };
    case 'number':
    case 'int':
    case 'bigint':
      return issue.inclusive === false
        ? { type: 'greater_than', msg: `Input should be greater than ${n}`, ctx: { gt: n } }
        : { type: 'greater_than_equal', msg: `Input should be greater than or equal to ${n}`, ctx: { ge: n } };
    case 'array':
    case 'set': {
      const fieldType = issue.origin === 'set' ? 'Set' : 'List';
      const actual = input instanceof Set ? input.size : Array.isArray(input) ? input.length : 0;
      return {
        type: 'too_short',
        msg: `${fieldType} should have at least ${plural(n, 'item')} after validation, not ${actual}`,
        ctx: { field_type: fieldType, min_length: n, actual_length: actual },
      };
    }
    default:
      return undefined;
  }
}

function tooBig(issue: Extract<Issue, { code: 'too_big' }>, input: unknown): Entry | undefined {
  const n = Number(issue.maximum);
  switch (issue.origin) {
    case 'string':
      return {
        type: 'string_too_long',
        msg: `String should have at most ${plural(n, 'character')}`,
        ctx: { max_length: n },
      };
    case 'number':
    case 'int':
    case 'bigint':
      return issue.inclusive === false
        ? { type: 'less_than', msg: `Input should be less than ${n}`, ctx: { lt: n } }
        : { type: 'less_than_equal', msg: `Input should be less than or equal to ${n}`, ctx: { le: n } };
    case 'array':
    case 'set': {
      const fieldType = issue.origin === 'set' ? 'Set' : 'List';
      const actual = input instanceof Set ? input.size : Array.isArray(input) ? input.length : 0;
      return {
        type: 'too_long',
        msg: `${fieldType} should have at most ${plural(n, 'item')} after validation, not ${actual}`,
        ctx: { field_type: fieldType, max_length: n, actual_length: actual },
      };
    }
    default:
      return undefined;
  }
}

/** `/^a+$/u` → `^a+$`: zod reports a pattern as the regular expression literal. */
function patternSource(pattern: string | undefined): string {
  const literal = /^\/(.*)\/[a-z]*$/s.exec(pattern ?? '');
  return literal?.[1] ?? pattern ?? '';
}

function invalidFormat(
  issue: Extract<Issue, { code: 'invalid_format' }>,
  schema: ZodSchema | undefined,
): Entry | undefined {
  const input = issue.input;
  switch (issue.format) {
    case 'regex': {
      const pattern = patternSource(issue.pattern);
      return { type: 'string_pattern_mismatch', msg: `String should match pattern '${pattern}'`, ctx: { pattern } };
    }
    case 'uuid':
    case 'guid': {
      const problem = typeof input === 'string' ? uuidParseProblem(input) : undefined;
      if (problem)
        return { type: 'uuid_parsing', msg: `Input should be a valid UUID, ${problem}`, ctx: { error: problem } };
      // Well-formed, but not what zod accepts: a version-specific UUID of another version, or (zod being stricter
      // than pydantic here) an unusual version/variant or a spelling other than the hyphenated one.
      const version = stringFormats(schema).find((f) => f.version)?.version;
      if (version) {
        const expected = Number(version.replace(/^v/, ''));
        return { type: 'uuid_version', msg: `UUID version ${expected} expected`, ctx: { expected_version: expected } };
      }
      const detail = 'expected a hyphenated UUID with a valid version and variant';
      return { type: 'uuid_parsing', msg: `Input should be a valid UUID, ${detail}`, ctx: { error: detail } };
    }
    case 'email': {
      const reason =
        typeof input === 'string' && !input.includes('@')
          ? 'An email address must have an @-sign.'
          : 'The email address is not valid.';
      // pydantic's EmailStr raises a plain value error (so pydantic-forms keeps its message as is).
      return { type: 'value_error', msg: `value is not a valid email address: ${reason}`, ctx: { reason } };
    }
    case 'url': {
      const error = typeof input === 'string' && !input.includes(':') ? 'relative URL without a base' : 'invalid URL';
      return { type: 'url_parsing', msg: `Input should be a valid URL, ${error}`, ctx: { error } };
    }
    case 'datetime':
      return { type: 'datetime_parsing', msg: 'Input should be a valid datetime' };
    case 'date':
      return { type: 'date_parsing', msg: 'Input should be a valid date' };
    case 'time':
      return { type: 'time_parsing', msg: 'Input should be in a valid time format' };
    case 'duration':
      return { type: 'time_delta_parsing', msg: 'Input should be a valid timedelta' };
    case 'ipv4':
      return { type: 'ip_v4_address', msg: 'Input is not a valid IPv4 address' };
    case 'ipv6':
      return { type: 'ip_v6_address', msg: 'Input is not a valid IPv6 address' };
    case 'cidrv4':
      return { type: 'ip_v4_network', msg: 'Input is not a valid IPv4 network' };
    case 'cidrv6':
      return { type: 'ip_v6_network', msg: 'Input is not a valid IPv6 network' };
    default:
      // Checks pydantic has no type for (starts_with, lowercase, jwt, …): a value error with zod's message.
      return undefined;
  }
}

/** A short name for a union member in `loc`, as pydantic tags union errors (`["field", "int"]`). */
function unionTag(option: ZodSchema | undefined, index: number, loc: Loc): string {
  if (!option) return String(index);
  switch (kindOf(option)) {
    case 'string':
      return 'str';
    case 'number':
      return isIntegerSchema(option) ? 'int' : 'float';
    case 'boolean':
      return 'bool';
    case 'null':
      return 'none';
    case 'array':
      return 'list';
    case 'record':
      return 'dict';
    case 'object':
    case 'enum':
      return definitionName(unwrap(option), fieldNameOf(loc));
    case 'literal': {
      const values = (unwrap(option)._zod.def as { values?: unknown[] }).values ?? [];
      return `literal[${values.map(pyRepr).join(',')}]`;
    }
    default:
      return String(index);
  }
}

function valueError(message: string): Entry {
  return { type: 'value_error', msg: message, ctx: { error: message } };
}

function mapIssue(issue: Issue, scope: Scope, out: FormErrorEntry[]): void {
  const path = locOf(issue.path);
  const loc = [...scope.loc, ...path];
  const schema = scope.schema ? schemaAt(scope.schema, path) : undefined;
  const input = 'input' in issue ? issue.input : valueAt(scope.data, path);
  const push = (entry: Entry, at: Loc = loc, value: unknown = input): void => {
    const msg = issue.code === 'custom' ? entry.msg : (authorMessage(issue) ?? entry.msg);
    out.push({ type: entry.type, loc: at, msg, input: value, ...(entry.ctx ? { ctx: entry.ctx } : {}) });
  };

  switch (issue.code) {
    case 'invalid_type': {
      const parent = valueAt(scope.data, path.slice(0, -1));
      const key = path[path.length - 1];
      if (key !== undefined && isRecord(parent) && parent[key] === undefined) {
        // pydantic reports the object the field is missing from as the input.
        push({ type: 'missing', msg: MISSING_MESSAGE }, loc, parent);
        return;
      }
      if (issue.expected === 'object') push(objectTypeError(schema, loc, scope, path));
      else push(invalidType(issue.expected, input, schema));
      return;
    }
    case 'too_small':
      push(tooSmall(issue, input) ?? valueError(issue.message));
      return;
    case 'too_big':
      push(tooBig(issue, input) ?? valueError(issue.message));
      return;
    case 'invalid_format':
      push(invalidFormat(issue, schema) ?? valueError(issue.message));
      return;
    case 'not_multiple_of':
      push({
        type: 'multiple_of',
        msg: `Input should be a multiple of ${issue.divisor}`,
        ctx: { multiple_of: issue.divisor },
      });
      return;
    case 'unrecognized_keys': {
      const container = valueAt(scope.data, path);
      for (const key of issue.keys) {
        const value = isRecord(container) ? container[key] : undefined;
        out.push({ type: 'extra_forbidden', loc: [...loc, key], msg: 'Extra inputs are not permitted', input: value });
      }
      return;
    }
    case 'invalid_value': {
      const expected = pyOrList(issue.values);
      const type = kindOf(schema) === 'enum' ? 'enum' : 'literal_error';
      push({ type, msg: `Input should be ${expected}`, ctx: { expected } });
      return;
    }
    case 'invalid_union': {
      if (issue.discriminator !== undefined) {
        const discriminator = issue.discriminator;
        // zod points at the discriminator key; pydantic at the union-typed field.
        const at = loc[loc.length - 1] === discriminator ? loc.slice(0, -1) : loc;
        const tag = isRecord(input) ? input[discriminator] : undefined;
        if (tag === undefined) {
          push(
            {
              type: 'union_tag_not_found',
              msg: `Unable to extract tag using discriminator ${pyRepr(discriminator)}`,
              ctx: { discriminator: pyRepr(discriminator) },
            },
            at,
          );
        } else {
          const options = 'options' in issue ? (issue.options ?? []) : [];
          const expectedTags = options.map(pyRepr).join(', ');
          push(
            {
              type: 'union_tag_invalid',
              msg: `Input tag ${pyRepr(tag)} found using ${pyRepr(discriminator)} does not match any of the expected tags: ${expectedTags}`,
              ctx: { discriminator: pyRepr(discriminator), tag, expected_tags: expectedTags },
            },
            at,
          );
        }
        return;
      }
      if (issue.errors.length === 0) {
        push(valueError(issue.message));
        return;
      }
      // pydantic reports every member's errors, each under the member's tag.
      const options = schema ? ((schema._zod.def as { options?: ZodSchema[] }).options ?? []) : [];
      issue.errors.forEach((memberIssues, index) => {
        const option = options[index];
        const memberScope: Scope = { schema: option, data: input, loc: [...loc, unionTag(option, index, loc)] };
        for (const memberIssue of memberIssues) mapIssue(memberIssue, memberScope, out);
      });
      return;
    }
    case 'invalid_key':
      for (const keyIssue of issue.issues)
        mapIssue(keyIssue, { schema: undefined, data: input, loc: [...loc, '[key]'] }, out);
      return;
    case 'invalid_element':
      for (const elementIssue of issue.issues) {
        mapIssue(elementIssue, { schema: undefined, data: input, loc }, out);
      }
      return;
    case 'custom':
      push(valueError(issue.message));
      return;
    default:
      push(valueError((issue as { message: string }).message));
  }
}

/** pydantic-forms' location rules for page-level and nested-object errors. */
function withFormLoc(entry: FormErrorEntry): FormErrorEntry {
  if (entry.loc.length === 0) return { ...entry, loc: ['__root__'] };
  if (entry.type === 'value_error' && isRecord(entry.input)) return { ...entry, loc: [...entry.loc, '__root__'] };
  return entry;
}

/**
 * The validation errors for a page's answer, from the issues zod found validating it (parsed with
 * `reportInput: true`, so issues carry their input).
 */
export function formErrorsFromIssues(
  issues: readonly Issue[],
  page: ZodSchema,
  answer: unknown,
  pageName: string,
): FormErrorEntry[] {
  const out: FormErrorEntry[] = [];
  const scope: Scope = { schema: page, data: answer, loc: [], pageName };
  for (const issue of issues) mapIssue(issue, scope, out);
  return out.map(withFormLoc);
}
