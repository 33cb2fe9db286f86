import { z } from 'zod';
import { resolveAppOptions, type RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { contentRange, TOTAL_ESTIMATED_HEADER } from '../list-query/content-range';
import { listQuerySchema } from '../list-query/list-query-schema';
import { parseFilter } from '../list-query/parse-filter';
import { parseRange } from '../list-query/parse-range';
import { parseSort } from '../list-query/parse-sort';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { uuidParam } from '../schemas/scalars';
import { WorkflowSchema } from '../schemas/workflow-schema';
import { findWorkflow, listWorkflows } from './workflow-queries';

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
        const range = parseRange(query.range);
        const { items, total } = await listWorkflows(
          prisma,
          workflows,
          { range, filters: parseFilter(query.filter), sort: parseSort(query.sort) },
          exactCountLimit,
        );
        if (range && total) {
          res.setHeader('Content-Range', contentRange('workflows', range, total.total));
          if (!total.exact) res.setHeader(TOTAL_ESTIMATED_HEADER, 'true');
        }
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
