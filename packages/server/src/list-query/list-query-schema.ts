import { z } from 'zod';

/**
 * The query parameters of list endpoints, orchestrator-core's language. Only their form is checked here (one string
 * each); their meaning is checked against the listed resource, and a bad one answers 400 as in orchestrator-core.
 */
export const listQuerySchema = z.object({
  range: z
    .string()
    .optional()
    .meta({ description: 'start,end: items start to end-1 (end exclusive). Without it, every item.', example: '0,25' }),
  sort: z.string().optional().meta({ description: 'field,asc|desc[,field,asc|desc…]', example: 'startedAt,desc' }),
  filter: z
    .string()
    .optional()
    .meta({
      description:
        'field,value[,field,value…]. `a|b` matches either value, a leading `!` negates, date fields accept ' +
        '`>`, `>=`, `<`, `<=` before an ISO 8601 date or epoch seconds.',
      example: 'lastStatus,failed|waiting',
    }),
});
export type ListQuery = z.output<typeof listQuerySchema>;
