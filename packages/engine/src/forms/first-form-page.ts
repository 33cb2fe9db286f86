import type { State } from '../state';
import { FormNotCompleteError } from './errors';
import type { Form } from './form';
import type { JsonSchema } from './json-schema';
import { FormNeedsAsyncError, postForm } from './post-form';

/**
 * The JSON Schema of a form's first page, generated against `state` (pages may depend on it), or `null` when the
 * form has no page. orchestrator-core shows it as the `form` of a process suspended at an input step
 * (`GET /api/processes/{id}`), so a UI can render the form before resuming. A form that loads data has no page
 * here (`null`): it is only known once the form runs.
 */
export function firstFormPage(form: Form | null | undefined, state: State): JsonSchema | null {
  try {
    postForm(form, state, []);
    return null;
  } catch (err) {
    if (err instanceof FormNotCompleteError) return err.form;
    if (err instanceof FormNeedsAsyncError) return null;
    throw err;
  }
}
