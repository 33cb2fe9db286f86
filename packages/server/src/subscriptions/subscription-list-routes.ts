import { z } from 'zod';
import { resolveAppOptions, type RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { contentRange, TOTAL_ESTIMATED_HEADER } from '../list-query/content-range';
import { listQuerySchema } from '../list-query/list-query-schema';
import { parseFilter } from '../list-query/parse-filter';
import { parseRange } from '../list-query/parse-range';
import { parseSort } from '../list-query/parse-sort';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { listSubscriptions } from './list-subscriptions';
import { SubscriptionListItemSchema } from './subscription-list-item-schema';

/** `GET /api/subscriptions`: a WFO addition (the stock UI reads subscriptions from GraphQL). */
export const subscriptionListRoutes: RouteModule = (deps) => {
  const { prisma } = deps;
  const { exactCountLimit } = resolveAppOptions(deps.options);
  return [
    defineRoute({
      method: 'get',
      path: '/api/subscriptions',
      summary: 'List subscriptions',
      description:
        'Same `range`/`sort`/`filter` language and `Content-Range` header as `GET /api/processes`; newest first by ' +
        'start date (initial subscriptions, without one, first). Filters: subscriptionId, description, status, ' +
        'productId, customerId (exact), insync, startDate, endDate, note, version, product (name), tag, type or ' +
        'productType. Sorts: the same columns and productName, productDescription, productType, productTag, ' +
        'productStatus, productCreatedAt, productEndDate. Totals are exact up to ' +
        `${exactCountLimit} matches, estimated above (then \`${TOTAL_ESTIMATED_HEADER}: true\`).`,
      tags: ['Subscriptions'],
      query: listQuerySchema,
      responses: {
        200: { description: 'The subscriptions with their product', schema: z.array(SubscriptionListItemSchema) },
        400: { description: 'Malformed range, sort or filter', schema: ProblemDetailSchema },
      },
      handler: async ({ query, res }) => {
        const range = parseRange(query.range);
        const { items, total } = await listSubscriptions(
          prisma,
          { range, filters: parseFilter(query.filter), sort: parseSort(query.sort) },
          exactCountLimit,
        );
        if (range && total) {
          res.setHeader('Content-Range', contentRange('subscriptions', range, total.total));
          if (!total.exact) res.setHeader(TOTAL_ESTIMATED_HEADER, 'true');
        }
        return items;
      },
    }),
  ];
};
