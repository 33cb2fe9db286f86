import { createHash } from 'node:crypto';
import { loadSubscriptionWorkflows, SubscriptionNotFoundError } from '@wfo/domain';
import type { Runtime } from '@wfo/runtime';
import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { jsonObject, uuidParam } from '../schemas/scalars';
import { extendedDomainModel } from './domain-model-json';
import { setInSync } from './set-in-sync';

const subscriptionIdParams = z.object({ subscription_id: uuidParam });

/**
 * The subscription endpoints that need the domain models (reference §3.2): the domain-model JSON (ETag/304), the
 * workflows a subscription can run now (with the reasons it cannot), and the manual unlock.
 */
export function subscriptionDomainRoutes(runtime: Pick<Runtime, 'prisma' | 'subscriptions'>): RouteModule {
  return () => [
    defineRoute({
      method: 'get',
      path: '/api/subscriptions/domain-model/:subscription_id',
      summary: "A subscription's full domain model",
      tags: ['Subscriptions'],
      params: subscriptionIdParams,
      query: z.object({
        filter_owner_relations: z
          .enum(['true', 'false'])
          .default('true')
          .transform((v) => v === 'true'),
      }),
      responses: {
        200: { description: 'The domain model', schema: jsonObject },
        304: { description: 'Not modified' },
        404: { description: 'Unknown' },
      },
      handler: async ({ params, query, req, res }) => {
        let model;
        try {
          model = await runtime.subscriptions.load(params.subscription_id);
        } catch (err) {
          if (err instanceof SubscriptionNotFoundError)
            throw new HttpError(404, `Subscription with id: ${params.subscription_id}, not found`);
          throw err;
        }
        const body = await extendedDomainModel(runtime.prisma, model, query.filter_owner_relations);
        const etag = `"${createHash('md5').update(JSON.stringify(body)).digest('hex')}"`;
        const given = req.headers['if-none-match'];
        if (given === etag || given === etag.slice(1, -1)) {
          res.status(304).setHeader('ETag', etag).end();
          return undefined;
        }
        res.setHeader('ETag', etag);
        return body;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/subscriptions/workflows/:subscription_id',
      summary: 'The workflows a subscription can run now, and why others cannot',
      tags: ['Subscriptions'],
      params: subscriptionIdParams,
      responses: { 200: { description: 'Workflows by target', schema: jsonObject }, 404: { description: 'Unknown' } },
      handler: async ({ params }) => {
        const workflows = await loadSubscriptionWorkflows(runtime.prisma, params.subscription_id);
        if (!workflows) throw new HttpError(404, null);
        return workflows;
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/subscriptions/:subscription_id/set_in_sync',
      summary: 'Mark a subscription in sync (unlock it by hand)',
      tags: ['Subscriptions'],
      params: subscriptionIdParams,
      responses: {
        200: { description: 'In sync', schema: z.null() },
        404: { description: 'Unknown' },
        422: { description: 'Workflow processes on it are not done' },
      },
      handler: async ({ params }) => {
        await setInSync(runtime.prisma, params.subscription_id);
        return null;
      },
    }),
  ];
}
