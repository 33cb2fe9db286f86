import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { uuidParam } from '../schemas/scalars';
import { CreateCustomerDescriptionBody, UpdateCustomerDescriptionBody } from './customer-description-bodies';
import { SubscriptionDescriptionSchema } from './customer-description-schema';
import {
  createCustomerDescription,
  deleteCustomerDescription,
  findCustomerDescription,
  findCustomerDescriptionOf,
  updateCustomerDescription,
} from './customer-description-store';

const TAGS = ['Subscription Customer Descriptions'];
const BASE = '/api/subscription_customer_descriptions';
// `_id`: orchestrator-core's parameter name, so generated clients keep working.
const byId = z.object({ _id: uuidParam });

/**
 * `/api/subscription_customer_descriptions`: a customer's own description of a subscription (one per customer and
 * subscription). The collection paths answer with and without the trailing slash orchestrator-core declares.
 */
export const customerDescriptionRoutes: RouteModule = ({ prisma }) => [
  defineRoute({
    method: 'post',
    path: BASE,
    summary: 'Create a customer description of a subscription',
    tags: TAGS,
    body: CreateCustomerDescriptionBody,
    responses: {
      204: { description: 'Created' },
      404: { description: 'No such subscription', schema: ProblemDetailSchema },
      409: { description: 'The customer already has a description of the subscription', schema: ProblemDetailSchema },
      422: { description: 'Malformed body', schema: ProblemDetailSchema },
    },
    handler: async ({ body }) => {
      await createCustomerDescription(prisma, body);
    },
  }),
  defineRoute({
    method: 'put',
    path: BASE,
    summary: 'Update a customer description of a subscription',
    description:
      'Finds the description by `customer_id` and `subscription_id`. With `version`, updates only if it is the ' +
      'stored version (else 400 `Stale data: …`); each update increments the version.',
    tags: TAGS,
    body: UpdateCustomerDescriptionBody,
    responses: {
      204: { description: 'Updated' },
      400: { description: 'Stale version, or an id that is not the found description', schema: ProblemDetailSchema },
      404: { description: 'The customer has no description of the subscription', schema: ProblemDetailSchema },
      422: { description: 'Malformed body', schema: ProblemDetailSchema },
    },
    handler: async ({ body }) => {
      await updateCustomerDescription(prisma, body);
    },
  }),
  defineRoute({
    method: 'delete',
    path: `${BASE}/:_id`,
    summary: 'Delete a customer description',
    description: 'An unknown id answers 204 too, as in orchestrator-core.',
    tags: TAGS,
    params: byId,
    responses: { 204: { description: 'Deleted, or there was none' } },
    handler: async ({ params }) => {
      await deleteCustomerDescription(prisma, params._id);
    },
  }),
  defineRoute({
    method: 'get',
    path: `${BASE}/:_id`,
    summary: 'Get a customer description',
    tags: TAGS,
    params: byId,
    responses: {
      200: { description: 'The customer description', schema: SubscriptionDescriptionSchema },
      404: { description: 'No such customer description', schema: ProblemDetailSchema },
    },
    handler: async ({ params }) => {
      const found = await findCustomerDescription(prisma, params._id);
      if (!found) throw new HttpError(404, `Customer description ${params._id} not found`);
      return found;
    },
  }),
  defineRoute({
    method: 'get',
    path: `${BASE}/customer/:customer_id/subscription/:subscription_id`,
    summary: "Get a customer's description of a subscription",
    tags: TAGS,
    params: z.object({ customer_id: z.string().min(1), subscription_id: uuidParam }),
    responses: {
      200: { description: 'The customer description', schema: SubscriptionDescriptionSchema },
      404: { description: 'The customer has no description of the subscription', schema: ProblemDetailSchema },
    },
    handler: async ({ params }) => {
      const found = await findCustomerDescriptionOf(prisma, params.customer_id, params.subscription_id);
      if (!found) {
        throw new HttpError(
          404,
          `Customer ${params.customer_id} has no description of subscription ${params.subscription_id}`,
        );
      }
      return found;
    },
  }),
];
