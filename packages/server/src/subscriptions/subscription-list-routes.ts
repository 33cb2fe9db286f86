import { z } from 'zod';
import { resolveAppOptions, type RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { setContentRange, TOTAL_ESTIMATED_HEADER } from '../list-query/content-range';
import { parseListQuery } from '../list-query/list-page';
import { listQuerySchema } from '../list-query/list-query-schema';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { listSubscriptions } from './list-subscriptions';
import { SubscriptionListItemSchema } from './subscription-list-item-schema';
import { subscriptionListResource } from './subscription-list-resource';

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
        const parsed = parseListQuery(query);
        const { items, total } = await listSubscriptions(prisma, parsed, exactCountLimit);
        setContentRange(res, subscriptionListResource.unit, parsed.range, total);
        return items;
      },
    }),
  ];
};
