import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { uuidParam } from '../schemas/scalars';
import { descriptionField } from './description-patch-body';
import { findResourceType } from './resource-type-queries';
import { ResourceTypeSchema } from './resource-type-schema';
import { patchDescription } from './patch-description';

const TAGS = ['Resource Types'];
const params = z.object({ resource_type_id: uuidParam });
const notFound = (id: string) => new HttpError(404, `ResourceType id ${id} not found`);

/** orchestrator-core's `ResourceTypePatchSchema`. The column is nullable, so unlike the others `null` clears it. */
const ResourceTypePatchBody = z
  .object({ description: descriptionField.nullable().optional() })
  .strict()
  .meta({ id: 'ResourceTypePatchBody' });

/** `/api/resource_types/{id}`: read a resource type, edit its description. */
export const resourceTypeRoutes: RouteModule = ({ prisma }) => [
  defineRoute({
    method: 'get',
    path: '/api/resource_types/:resource_type_id',
    summary: 'Get a resource type',
    tags: TAGS,
    params,
    responses: {
      200: { description: 'The resource type', schema: ResourceTypeSchema },
      404: { description: 'No such resource type', schema: ProblemDetailSchema },
    },
    handler: async ({ params }) => {
      const resourceType = await findResourceType(prisma, params.resource_type_id);
      if (!resourceType) throw notFound(params.resource_type_id);
      return resourceType;
    },
  }),
  defineRoute({
    method: 'patch',
    path: '/api/resource_types/:resource_type_id',
    summary: "Update a resource type's description",
    description: 'Answers 201 with the resource type, as orchestrator-core does; `{}` changes nothing.',
    tags: TAGS,
    params,
    body: ResourceTypePatchBody,
    responses: {
      201: { description: 'The updated resource type', schema: ResourceTypeSchema },
      404: { description: 'No such resource type', schema: ProblemDetailSchema },
      422: { description: 'Malformed id or body', schema: ProblemDetailSchema },
    },
    handler: async ({ params, body }) => {
      const id = params.resource_type_id;
      const resourceType = await patchDescription(prisma, 'resource_types', id, body.description, (typeId) =>
        findResourceType(prisma, typeId),
      );
      if (!resourceType) throw notFound(id);
      return resourceType;
    },
  }),
];
