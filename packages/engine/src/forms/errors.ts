import type { JsonSchema } from './json-schema';
import { UNNAMED_PAGE } from './page-meta';
import { pyRepr, pyTruncate, pyTypeName } from './python-text';

/**
 * One validation error, in pydantic v2's shape as orchestrator-core sends it in `validation_errors` (without the
 * `url` pydantic adds, which points at pydantic's own documentation).
 */
export interface FormErrorEntry {
  /** Where: field names and list indexes from the page root; `["__root__"]` for errors about the page as a whole. */
  loc: (string | number)[];
  /** The human message, worded as pydantic words it. */
  msg: string;
  /** pydantic's error type: `missing`, `string_type`, `enum`, `value_error`, … */
  type: string;
  /** Parameters of the error (`{ min_length: 2 }`, `{ expected: "'a' or 'b'" }`, …), when pydantic gives them. */
  ctx?: Record<string, unknown>;
  /** The offending input (for a missing field: the object it is missing from). */
  input?: unknown;
}

/** Base class of the form protocol's errors (pydantic-forms' `FormException`). */
export class FormError extends Error {
  override readonly name: string = 'FormError';
}

/**
 * Fewer answers than pages: the client must fill in the next page. Part of the normal flow (HTTP 510), not a failure.
 * `message` is the schema as JSON, like pydantic-forms' `detail` (which is `str(form)`).
 */
export class FormNotCompleteError extends FormError {
  override readonly name: string = 'FormNotCompleteError';
  constructor(
    /** The JSON Schema of the next page, in pydantic's dialect. */
    readonly form: JsonSchema,
    /** The next page's UI metadata (`.meta({ formMeta })`), or `null`. */
    readonly meta: unknown = null,
  ) {
    super(JSON.stringify(form));
  }
}

/** A location as pydantic v2 prints it: `ports.0.name` (a name containing a dot in backticks). */
function formatLoc(loc: FormErrorEntry['loc']): string {
  return loc.map((item) => (typeof item === 'string' && item.includes('.') ? `\`${item}\`` : String(item))).join('.');
}

/** One error as pydantic v2 prints it: `loc\n  Message [type=…, input_value=…, input_type=…]` (no URL line). */
function formatEntry(entry: FormErrorEntry): string {
  const input =
    'input' in entry ? `, input_value=${pyTruncate(pyRepr(entry.input))}, input_type=${pyTypeName(entry.input)}` : '';
  const where = entry.loc.length > 0 ? `${formatLoc(entry.loc)}\n` : '';
  return `${where}  ${entry.msg} [type=${entry.type}${input}]`;
}

/**
 * An answer does not validate against its page (HTTP 400). The message is pydantic v2's own text of the error, as
 * the entries are pydantic v2's errors: `1 validation error for <page>\nfield\n  Field required [type=missing, …]`.
 */
export class FormValidationError extends FormError {
  override readonly name: string = 'FormValidationError';
  constructor(
    readonly errors: FormErrorEntry[],
    /** The page's name, the title of its JSON Schema (see `formPageName`), as pydantic-forms' `validator_name`. */
    readonly pageName = UNNAMED_PAGE,
  ) {
    const count = errors.length;
    const lines = errors.map(formatEntry);
    super([`${count} validation error${count === 1 ? '' : 's'} for ${pageName}`, ...lines].join('\n'));
  }
}

/** More answers than the form has pages (orchestrator-core maps it to a 500). */
export class FormOverflowError extends FormError {
  override readonly name: string = 'FormOverflowError';
}
