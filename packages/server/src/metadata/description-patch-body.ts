import { z } from 'zod';

/** `DESCRIPTION_LENGTH` of orchestrator-core: the size of every description column. */
export const DESCRIPTION_MAX_LENGTH = 2000;

/** A description as a PATCH body carries it: at most the column's size, so a long one answers 422, not a 500. */
export const descriptionField = z.string().max(DESCRIPTION_MAX_LENGTH);

/**
 * The body of the description PATCHes (`ProductBlockPatchSchema`, `WorkflowPatchSchema`): `{}` changes nothing, as
 * in orchestrator-core; unknown keys answer 422 instead of being ignored, so a misspelt field is not a silent no-op.
 */
export const DescriptionPatchBody = z
  .object({ description: descriptionField.optional() })
  .strict()
  .meta({ id: 'DescriptionPatchBody' });
