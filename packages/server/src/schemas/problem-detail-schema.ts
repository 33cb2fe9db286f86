import { z } from 'zod';

/** The error body of every error response (see `problemDetail`); form errors and some routes add fields. */
export const ProblemDetailSchema = z
  .looseObject({
    detail: z.unknown().meta({ description: 'What went wrong, for humans.' }),
    status: z.number().int(),
    title: z.string().meta({ description: 'The HTTP reason phrase.' }),
    type: z.string().optional(),
  })
  .meta({ id: 'ProblemDetail', description: 'orchestrator-core error body' });
