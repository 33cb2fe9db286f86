import { z } from 'zod';
import { resolveAppOptions, type RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { searchDefinitions, searchPaths } from './search-catalogue';
import { SearchQueryParams, SearchRequestSchema } from './search-request';
import { SearchResponseSchema } from './search-response';
import { searchSubscriptions } from './subscription-search';

const TAGS = ['Search'];

/**
 * The structured search of orchestrator-core 5.4 that the UI's subscription pages use, over WFO's own tables with
 * their Postgres indexes (no search engine, no embeddings).
 */
export const searchRoutes: RouteModule = (deps) => {
  const { prisma } = deps;
  const { exactCountLimit } = resolveAppOptions(deps.options);
  return [
    defineRoute({
      method: 'post',
      path: '/api/search/subscriptions',
      summary: 'Search subscriptions',
      description:
        'Filters are an Elasticsearch bool query (must, filter, should, must_not; term, terms, range, exists and ' +
        'regexp contains/begins/ends) over the paths of `GET /api/search/paths`; `query` matches words in the ' +
        'description, product name and customer. Page on with `?cursor=` set to the previous `next_page_cursor` ' +
        '(the cursor keeps the page size).',
      tags: TAGS,
      query: SearchQueryParams,
      body: SearchRequestSchema,
      responses: {
        200: { description: 'One page of matches', schema: SearchResponseSchema },
        400: {
          description: 'An unknown path, a value of the wrong type, or a bad cursor',
          schema: ProblemDetailSchema,
        },
        422: { description: 'A body outside the supported search language', schema: ProblemDetailSchema },
      },
      handler: ({ body, query }) => searchSubscriptions(prisma, body, query.cursor, exactCountLimit),
    }),
    defineRoute({
      method: 'get',
      path: '/api/search/definitions',
      summary: 'Filter operators per kind of value',
      tags: TAGS,
      responses: {
        200: {
          description: 'Operators and value schemas by kind',
          schema: z.record(
            z.string(),
            z.object({
              operators: z.array(z.string()),
              value_schema: z.record(z.string(), z.object({ kind: z.string() })),
            }),
          ),
        },
      },
      handler: () => searchDefinitions(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/search/paths',
      summary: 'Filterable paths (autocomplete)',
      tags: TAGS,
      query: z.object({
        q: z.string().max(200).default('').meta({ description: 'Part of a path' }),
        entity_type: z.string().max(50).default('SUBSCRIPTION'),
      }),
      responses: {
        200: {
          description: 'Matching leaf paths with their kind of value',
          schema: z.object({
            leaves: z.array(z.object({ name: z.string(), ui_types: z.array(z.string()), paths: z.array(z.string()) })),
            components: z.array(z.object({ name: z.string(), ui_types: z.array(z.string()) })),
          }),
        },
      },
      handler: ({ query }) => searchPaths(query.q, query.entity_type),
    }),
  ];
};
