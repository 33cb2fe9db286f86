import { z } from 'zod';
import type { FormPage } from './form';

/**
 * The `.meta()` key that carries a page's UI metadata (pydantic-forms' `meta__` class attribute):
 * `z.object({...}).meta({ formMeta: { hasNext: true } })`. Its value is sent as the `meta` of the
 * `FormNotCompleteError` response for that page and is kept out of the page's JSON Schema.
 */
export const FORM_META_KEY = 'formMeta';

/** The metadata zod holds for a schema (`.meta()`, `.describe()`), if any. */
export function zodMeta(schema: z.core.$ZodType): Record<string, unknown> | undefined {
  return z.globalRegistry.get(schema);
}

/** The page's UI metadata, or `null` when it has none (as pydantic-forms sends it). */
export function formPageMeta(page: FormPage): unknown {
  return zodMeta(page)?.[FORM_META_KEY] ?? null;
}

/** The title of a page that has none: pydantic-forms' `FormPage` is titled `unknown`. */
export const UNNAMED_PAGE = 'unknown';

/**
 * The page's one name: the `title` of its JSON Schema and the name its validation errors give
 * (`1 validation error for <name>`). Its meta `title`, else its meta `id`, else `unknown`.
 */
export function formPageName(page: FormPage): string {
  const meta = zodMeta(page);
  for (const candidate of [meta?.title, meta?.id]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  return UNNAMED_PAGE;
}
