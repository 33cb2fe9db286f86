import { z } from 'zod';
import type { State } from '../state';
import { formErrorsFromIssues } from './error-mapping';
import { FormValidationError } from './errors';
import type { FormPage } from './form';
import { formPageName } from './page-meta';

/** Each page's strict twin, built once: answers are checked with unknown keys rejected (pydantic's `extra="forbid"`). */
const strictPages = new WeakMap<FormPage, FormPage>();

function strictVersionOf(page: FormPage): FormPage {
  let strict = strictPages.get(page);
  if (!strict) {
    // `.strict()` keeps the object's refinements; only the handling of unknown keys changes.
    strict = page.strict();
    strictPages.set(page, strict);
  }
  return strict;
}

/**
 * Validates one answer against its page and returns the validated data (defaults applied, transforms run).
 * Throws {@link FormValidationError} with pydantic-style errors when the answer is invalid, including when it is not
 * an object at all. Pages validate synchronously: an async refinement is a programming error here.
 */
export function validateFormPage(page: FormPage, answer: unknown): State {
  let result: z.ZodSafeParseResult<Record<string, unknown>>;
  try {
    result = strictVersionOf(page).safeParse(answer, { reportInput: true });
  } catch (err) {
    if (err instanceof z.core.$ZodAsyncError) {
      throw new TypeError(
        'Form pages are validated synchronously; move async checks out of the page (an async refinement was found)',
        { cause: err },
      );
    }
    throw err;
  }
  return validatedOrThrow(page, answer, result);
}

/** {@link validateFormPage} allowing async refinements (checks that read the database). */
export async function validateFormPageAsync(page: FormPage, answer: unknown): Promise<State> {
  return validatedOrThrow(page, answer, await strictVersionOf(page).safeParseAsync(answer, { reportInput: true }));
}

function validatedOrThrow(
  page: FormPage,
  answer: unknown,
  result: z.ZodSafeParseResult<Record<string, unknown>>,
): State {
  if (result.success) return result.data;
  const pageName = formPageName(page);
  throw new FormValidationError(formErrorsFromIssues(result.error.issues, page, answer, pageName), pageName);
}
