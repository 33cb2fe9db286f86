import { z } from 'zod';

/** orchestrator-core 5.4's search answer, as the UI reads it. */
export const SearchResponseSchema = z
  .object({
    data: z.array(
      z.object({
        entity_id: z.string(),
        entity_type: z.literal('SUBSCRIPTION'),
        entity_title: z.string(),
        score: z.number(),
        perfect_match: z.number().int(),
        matching_fields: z
          .array(
            z.object({
              text: z.string(),
              path: z.string(),
              highlight_indices: z.array(z.tuple([z.number(), z.number()])),
            }),
          )
          .nullable(),
        response_columns: z.record(z.string(), z.unknown()),
      }),
    ),
    cursor: z
      .object({ total_items: z.number().int(), start_cursor: z.number().int(), end_cursor: z.number().int() })
      .nullable(),
    page_info: z.object({ has_next_page: z.boolean(), next_page_cursor: z.string().nullable() }),
    search_metadata: z.object({ search_type: z.string().nullable(), description: z.string().nullable() }),
  })
  .meta({ id: 'SubscriptionSearchResponse' });
export type SearchResponse = z.output<typeof SearchResponseSchema>;
