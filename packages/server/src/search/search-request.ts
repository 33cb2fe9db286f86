import { z } from 'zod';

/**
 * A query of the Elasticsearch DSL subset the UI's filter builder emits (react-querybuilder's "elasticsearch"
 * format): `bool` with `must`/`filter`/`should`/`must_not`, `term`, `terms`, `range`, `exists` and the `regexp`
 * forms of contains / begins with / ends with. Anything else is refused with a 422 naming what is allowed.
 */
export type EsQuery =
  | { bool: Partial<Record<'must' | 'filter' | 'should' | 'must_not', EsQuery | EsQuery[]>> }
  | { term: Record<string, unknown> }
  | { terms: Record<string, unknown[]> }
  | { range: Record<string, Partial<Record<'gt' | 'gte' | 'lt' | 'lte', unknown>>> }
  | { exists: { field: string } }
  | { regexp: Record<string, { value: string } | string> }
  | Record<string, never>;

const scalar = z.union([z.string().max(2000), z.number(), z.boolean()]);
const oneField = <T extends z.ZodType>(value: T) =>
  z.record(z.string().max(200), value).refine((r) => Object.keys(r).length === 1, 'expected exactly one path');

export const EsQuerySchema: z.ZodType<EsQuery> = z.lazy(() => {
  const clauses = z.union([EsQuerySchema, z.array(EsQuerySchema).max(100)]);
  return z.union([
    z.strictObject({
      bool: z.strictObject({
        must: clauses.optional(),
        filter: clauses.optional(),
        should: clauses.optional(),
        must_not: clauses.optional(),
      }),
    }),
    z.strictObject({ term: oneField(scalar) }),
    z.strictObject({ terms: oneField(z.array(scalar).max(1000)) }),
    z.strictObject({
      range: oneField(
        z
          .strictObject({
            gt: scalar.optional(),
            gte: scalar.optional(),
            lt: scalar.optional(),
            lte: scalar.optional(),
          })
          .refine((r) => Object.keys(r).length > 0, 'expected gt, gte, lt or lte'),
      ),
    }),
    z.strictObject({ exists: z.strictObject({ field: z.string().max(200) }) }),
    z.strictObject({
      regexp: oneField(z.union([z.strictObject({ value: z.string().max(2000) }), z.string().max(2000)])),
    }),
    z.strictObject({}),
  ]);
});

/** The body of `POST /api/search/subscriptions`, as the UI sends it. */
export const SearchRequestSchema = z
  .object({
    query: z.string().max(1000).nullish().meta({ description: 'Free text: matches description, product and customer' }),
    filters: EsQuerySchema.nullish().meta({ description: 'An Elasticsearch bool query over subscription paths' }),
    limit: z
      .number()
      .int()
      .min(1)
      .max(1000)
      .nullish()
      .meta({ description: 'Page size (default 10); a cursor brings its own' }),
    order_by: z
      .object({ element: z.string().max(200), direction: z.enum(['asc', 'desc', 'ASC', 'DESC']) })
      .nullish()
      .meta({ description: 'Sort path and direction; default subscription.start_date desc' }),
    response_columns: z.array(z.string().max(200)).max(50).nullish(),
    retriever: z.enum(['auto', 'fuzzy', 'semantic', 'hybrid']).nullish().meta({
      description: 'Accepted for the UI; every search here is structured (plus a text match for `query`)',
    }),
    entity_type: z.string().nullish(),
  })
  .meta({ id: 'SubscriptionSearchRequest' });
export type SearchRequest = z.output<typeof SearchRequestSchema>;

export const SearchQueryParams = z.object({
  cursor: z.string().max(2000).optional().meta({ description: "The previous page's next_page_cursor" }),
});
