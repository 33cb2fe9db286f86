export { FORM_META_KEY } from './page-meta';
export { FormError, FormNotCompleteError, FormOverflowError, FormValidationError, type FormErrorEntry } from './errors';
export { firstFormPage } from './first-form-page';
export { isFormPage, type Form, type FormGenerator, type FormPage } from './form';
export { formPageSchema, type JsonSchema } from './json-schema';
export { postForm } from './post-form';
export { validateFormPage } from './validate-page';
