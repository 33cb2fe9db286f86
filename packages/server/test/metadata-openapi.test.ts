import type { PrismaClient } from '@wfo/db';
import request from 'supertest';
import {
  createApp,
  customerDescriptionRoutes,
  productBlockRoutes,
  productRoutes,
  resourceTypeRoutes,
  subscriptionListRoutes,
  workflowPatchRoutes,
} from '../src';
import { refsOf } from './support/openapi-refs';
import { testLogger } from './support/test-logger';

describe('OpenAPI of the subscription, product and metadata routes', () => {
  const app = createApp({
    prisma: {} as PrismaClient,
    redis: { ping: async () => 'PONG' },
    workflows: new Map(),
    logger: testLogger(),
    routers: [
      subscriptionListRoutes,
      productRoutes,
      productBlockRoutes,
      resourceTypeRoutes,
      workflowPatchRoutes,
      customerDescriptionRoutes,
    ],
  });

  it('documents every route with its tag, and every reference resolves', async () => {
    const { body: doc } = await request(app).get('/api/openapi.json').expect(200);
    const operations = Object.entries(doc.paths as Record<string, Record<string, { tags: string[] }>>).flatMap(
      ([path, methods]) =>
        Object.entries(methods).map(([method, op]) => `${method.toUpperCase()} ${path} ${op.tags.join(',')}`),
    );
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /api/subscriptions Subscriptions',
        'GET /api/products Products',
        'GET /api/products/{product_id} Products',
        'PATCH /api/products/{product_id} Products',
        'GET /api/product_blocks/{product_block_id} Product Blocks',
        'PATCH /api/product_blocks/{product_block_id} Product Blocks',
        'GET /api/resource_types/{resource_type_id} Resource Types',
        'PATCH /api/resource_types/{resource_type_id} Resource Types',
        'GET /api/workflows/{workflow_id} Workflows',
        'PATCH /api/workflows/{workflow_id} Workflows',
        'POST /api/subscription_customer_descriptions Subscription Customer Descriptions',
        'PUT /api/subscription_customer_descriptions Subscription Customer Descriptions',
        'GET /api/subscription_customer_descriptions/{_id} Subscription Customer Descriptions',
        'DELETE /api/subscription_customer_descriptions/{_id} Subscription Customer Descriptions',
        'GET /api/subscription_customer_descriptions/customer/{customer_id}/subscription/{subscription_id} ' +
          'Subscription Customer Descriptions',
      ]),
    );
    const { schemas } = doc.components;
    expect(Object.keys(schemas)).toEqual(
      expect.arrayContaining([
        'SubscriptionWithMetadata',
        'SubscriptionDescriptionSchema',
        'ProductSchema',
        'ProductBlockSchema',
        'ResourceTypeSchema',
        'FixedInputSchema',
        'ProductPatchBody',
        'DescriptionPatchBody',
        'UpdateSubscriptionDescriptionSchema',
      ]),
    );
    expect(schemas.ProductSchema.properties.created_at).toMatchObject({ type: 'number', format: 'unix-timestamp' });
    expect(schemas.DescriptionPatchBody.additionalProperties).toBe(false);
    for (const ref of refsOf(doc)) {
      expect(schemas[ref.slice('#/components/schemas/'.length)]).toBeDefined();
    }
  });
});
