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

/** The page's name in validation messages (pydantic: the class name): its meta `id`, else its `title`. */
export function formPageName(page: FormPage): string {
  const meta = zodMeta(page);
  for (const candidate of [meta?.id, meta?.title]) {
    if (typeof candidate === 'string' && candidate !== '') return candidate;
  }
  // pydantic-forms' base class: what an anonymous page is an instance of.
  return 'FormPage';
}
