import type { JsonSchema } from './json-schema';
import { pyStr } from './python-text';

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

function formatContext(ctx: Record<string, unknown> | undefined): string {
  if (!ctx) return '';
  return Object.entries(ctx)
    .map(([key, value]) => `; ${key}=${pyStr(value)}`)
    .join('');
}

/**
 * An answer does not validate against its page (HTTP 400). The message reads like pydantic-forms' `detail`:
 * `1 validation error for <page>\nfield\n  Field message (type=…)`.
 */
export class FormValidationError extends FormError {
  override readonly name: string = 'FormValidationError';
  constructor(
    readonly errors: FormErrorEntry[],
    /** The page's name (its meta `id` or `title`), as pydantic-forms' `validator_name`. */
    readonly pageName = 'FormPage',
  ) {
    const count = errors.length;
    const lines = errors.map((e) => `${e.loc.join(' -> ')}\n  ${e.msg} (type=${e.type}${formatContext(e.ctx)})`);
    super([`${count} validation error${count === 1 ? '' : 's'} for ${pageName}`, ...lines].join('\n'));
  }
}

/** More answers than the form has pages (orchestrator-core maps it to a 500). */
export class FormOverflowError extends FormError {
  override readonly name: string = 'FormOverflowError';
}
