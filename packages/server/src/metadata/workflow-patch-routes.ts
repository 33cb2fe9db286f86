import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { uuidParam } from '../schemas/scalars';
import { WorkflowSchema } from '../schemas/workflow-schema';
import { findWorkflow } from '../workflows/workflow-queries';
import { DescriptionPatchBody } from './description-patch-body';
import { patchDescription } from './patch-description';

const notFound = (id: string) => new HttpError(404, `Workflow id ${id} not found`);

/**
 * `PATCH /api/workflows/{id}`: edit a workflow's description (the GET routes are `workflowRoutes`). Deleted
 * workflows can be edited too, as they can be fetched.
 */
export const workflowPatchRoutes: RouteModule = ({ prisma, workflows }) => [
  defineRoute({
    method: 'patch',
    path: '/api/workflows/:workflow_id',
    summary: "Update a workflow's description",
    description: 'Answers 201 with the workflow, as orchestrator-core does; `{}` changes nothing.',
    tags: ['Workflows'],
    params: z.object({ workflow_id: uuidParam }),
    body: DescriptionPatchBody,
    responses: {
      201: { description: 'The updated workflow', schema: WorkflowSchema },
      404: { description: 'No such workflow', schema: ProblemDetailSchema },
      422: { description: 'Malformed id or body', schema: ProblemDetailSchema },
    },
    handler: async ({ params, body }) => {
      const id = params.workflow_id;
      const workflow = await patchDescription(prisma, 'workflows', id, body.description, (workflowId) =>
        findWorkflow(prisma, workflows, workflowId),
      );
      if (!workflow) throw notFound(id);
      return workflow;
    },
  }),
];
