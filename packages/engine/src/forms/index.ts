export { FORM_META_KEY } from './page-meta';
export { FormError, FormNotCompleteError, FormOverflowError, FormValidationError, type FormErrorEntry } from './errors';
export { firstFormPage } from './first-form-page';
export {
  ask,
  isFormLoad,
  isFormPage,
  load,
  type FormLoad,
  type Form,
  type FormContext,
  type FormGenerator,
  type FormPage,
  type FormServices,
} from './form';
export { formPageSchema, type JsonSchema } from './json-schema';
export { FormNeedsAsyncError, postForm, postFormAsync, runForm } from './post-form';
export { validateFormPage, validateFormPageAsync } from './validate-page';
