import { ProcessNotFoundError } from '@wfo/engine';
import { z } from 'zod';
import { resolveAppOptions, type RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { setContentRange, TOTAL_ESTIMATED_HEADER } from '../list-query/content-range';
import { parseListQuery } from '../list-query/list-page';
import { listQuerySchema } from '../list-query/list-query-schema';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { ProcessSchema, ProcessStatusCountsSchema } from '../schemas/process-schema';
import { uuidParam } from '../schemas/scalars';
import { listProcesses } from './list-processes';
import { loadProcessDetail } from './load-process-detail';
import { processListEtag, matchesIfNoneMatch } from './process-list-etag';
import { processStatusCounts } from './process-status-counts';
import { toProcessJson } from './process-json';
import { subscriptionsByProcess } from './subscriptions-by-process';
import { processListResource } from './process-list-resource';

const TAGS = ['Processes'];

/** The read side of `/api/processes`: list, status counts, detail. */
export const processReadRoutes: RouteModule = (deps) => {
  const { prisma, workflows, logger } = deps;
  const { exactCountLimit } = resolveAppOptions(deps.options);
  return [
    defineRoute({
      method: 'get',
      path: '/api/processes',
      summary: 'List processes',
      description:
        'Filter, sort and page with `filter`, `sort` and `range`. With a range, `Content-Range: processes a-b/total` ' +
        `gives the total: exact up to ${exactCountLimit} matches, estimated above (then \`${TOTAL_ESTIMATED_HEADER}: true\`). ` +
        'The weak ETag changes when a listed process changes; send it back in `If-None-Match` for a 304.',
      tags: TAGS,
      query: listQuerySchema,
      responses: {
        200: { description: 'The processes, without steps, state or form', schema: z.array(ProcessSchema) },
        304: { description: 'Not modified since the ETag in If-None-Match' },
        400: { description: 'Malformed range, sort or filter', schema: ProblemDetailSchema },
      },
      handler: async ({ query, req, res }) => {
        const parsed = parseListQuery(query);
        const { rows, total } = await listProcesses(prisma, parsed, exactCountLimit);
        const etag = processListEtag(rows);
        res.setHeader('ETag', `W/"${etag}"`);
        setContentRange(res, processListResource.unit, parsed.range, total);
        // Checked before the subscriptions are read: an unchanged page costs two index scans and no rendering.
        if (matchesIfNoneMatch(req.get('If-None-Match'), etag)) {
          res.status(304).end();
          return;
        }
        const subscriptions = await subscriptionsByProcess(
          prisma,
          rows.map((r) => r.process_id),
        );
        return rows.map((row) => toProcessJson(row, subscriptions.get(row.process_id) ?? []));
      },
    }),
    defineRoute({
      method: 'get',
      path: '/api/processes/status-counts',
      summary: 'Count processes and tasks by status',
      tags: TAGS,
      responses: { 200: { description: 'Counts by status', schema: ProcessStatusCountsSchema } },
      handler: () => processStatusCounts(prisma),
    }),
    defineRoute({
      method: 'get',
      path: '/api/processes/:process_id',
      summary: 'Get a process with its steps',
      description:
        'The logged steps (with `state_delta`), then the steps still to run as `pending`; `current_state`; and the ' +
        'JSON Schema of the form a suspended process waits for.',
      tags: TAGS,
      params: z.object({ process_id: uuidParam }),
      responses: {
        200: { description: 'The process', schema: ProcessSchema },
        404: { description: 'No such process', schema: ProblemDetailSchema },
      },
      handler: async ({ params }) => {
        const process = await loadProcessDetail(prisma, workflows, logger, params.process_id);
        if (!process) throw new ProcessNotFoundError(params.process_id);
        return process;
      },
    }),
  ];
};
