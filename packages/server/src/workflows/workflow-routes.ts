import { z } from 'zod';
import { resolveAppOptions, type RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { setContentRange } from '../list-query/content-range';
import { parseListQuery } from '../list-query/list-page';
import { listQuerySchema } from '../list-query/list-query-schema';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { uuidParam } from '../schemas/scalars';
import { WorkflowSchema } from '../schemas/workflow-schema';
import { findWorkflow, listWorkflows } from './workflow-queries';
import { workflowListResource } from './workflow-list-resource';

const TAGS = ['Workflows'];

/** `/api/workflows`: the list (a WFO addition; the stock UI reads it from GraphQL) and one workflow. */
export const workflowRoutes: RouteModule = (deps) => {
  const { prisma, workflows } = deps;
  const { exactCountLimit } = resolveAppOptions(deps.options);
  return [
    defineRoute({
      method: 'get',
      path: '/api/workflows',
      summary: 'List workflows',
      description:
        'Same `range`/`sort`/`filter` language and `Content-Range` header as `GET /api/processes`. Fields: name, ' +
        'target, isTask, description, createdAt, workflowId; filters also product and tag. Deleted workflows are not listed.',
      tags: TAGS,
      query: listQuerySchema,
      responses: {
        200: { description: 'The workflows', schema: z.array(WorkflowSchema) },
        400: { description: 'Malformed range, sort or filter', schema: ProblemDetailSchema },
      },
      handler: async ({ query, res }) => {
        const parsed = parseListQuery(query);
        const { items, total } = await listWorkflows(prisma, workflows, parsed, exactCountLimit);
        setContentRange(res, workflowListResource.unit, parsed.range, total);
        return items;
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/workflows/:workflow_id',
      summary: 'Get a workflow',
      tags: TAGS,
      params: z.object({ workflow_id: uuidParam }),
      responses: {
        200: { description: 'The workflow', schema: WorkflowSchema },
        404: { description: 'No such workflow', schema: ProblemDetailSchema },
      },
      handler: async ({ params }) => {
        const found = await findWorkflow(prisma, workflows, params.workflow_id);
        if (!found) throw new HttpError(404, `Workflow ${params.workflow_id} not found`);
        return found;
      },
    }),
  ];
};
