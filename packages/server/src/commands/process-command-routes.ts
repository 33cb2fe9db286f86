import type { ProcessService } from '@wfo/runtime';
import type { RouteModule } from '../app-dependencies';
import { ProcessNotFoundError } from '@wfo/engine';
import { loadProcessDetail } from '../processes/load-process-detail';
import { ProcessSchema } from '../schemas/process-schema';
import { z } from 'zod';
import { defineRoute } from '../http/define-route';
import { reporterQuery, resolveUserName } from '../http/reporter';
import { jsonObject, uuidParam } from '../schemas/scalars';

const problem = (description: string) => ({ description });
const pages = z.array(jsonObject).meta({ description: 'The answers to the form pages, one object per page' });
const processIdParams = z.object({ process_id: uuidParam });
const callbackParams = z.object({ process_id: uuidParam, token: z.string().min(1).max(200) });

/**
 * The process commands of orchestrator-core's REST API (reference §3.1): start, resume/retry, abort, delete,
 * callbacks, resume-all. Handlers only translate HTTP to the runtime's `ProcessService`; the rules live in the
 * engine and the errors carry their status.
 */
export function processCommandRoutes(processes: ProcessService): RouteModule {
  return (deps) => [
    defineRoute({
      method: 'post',
      path: '/api/processes/:workflow_key',
      summary: 'Start a process',
      description: 'Answer the initial form page by page: `[]` answers 510 with the first page, and so on.',
      tags: ['Processes'],
      params: z.object({ workflow_key: z.string().min(1).max(255) }),
      query: z.object({ reporter: reporterQuery }),
      body: pages,
      responses: {
        201: { description: 'Started', schema: z.object({ id: z.string() }) },
        400: problem('A form page is invalid'),
        403: problem('Not allowed to start this workflow'),
        404: problem('Unknown workflow'),
        412: problem('The run predicate refused'),
        422: problem('The body is not an array of objects'),
        503: problem('The engine is paused'),
        510: problem('More form pages are needed'),
      },
      handler: async ({ params, query, body, user, req }) => {
        const requester = { user: resolveUserName(query.reporter, user), userModel: user };
        const start = (traceparent?: string) => processes.start(params.workflow_key, body, requester, traceparent);
        const id = deps.tracing ? await deps.tracing.traceProcessStart(req, params.workflow_key, start) : await start();
        return { id };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/processes/resume-all',
      summary: 'Retry all failed and waiting tasks',
      tags: ['Processes'],
      query: z.object({ reporter: reporterQuery }),
      responses: {
        200: { description: 'Resuming in the background', schema: z.object({ count: z.number().int() }) },
        409: problem('Another resume-all is running'),
        503: problem('The engine is paused'),
      },
      handler: async ({ query, user }) => {
        const { count } = await processes.resumeAll({ user: resolveUserName(query.reporter, user), userModel: user });
        return { count };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/processes/:process_id/resume',
      summary: 'Resume a suspended process, retry a failed or waiting one, or continue an await',
      tags: ['Processes'],
      params: processIdParams,
      query: z.object({ reporter: reporterQuery }),
      body: z.union([pages, jsonObject]).optional(),
      responses: {
        204: { description: 'Resumed' },
        400: problem('A form page is invalid'),
        403: problem('Not allowed to resume or retry'),
        404: problem('Unknown process'),
        409: problem('The process is not resumable'),
        503: problem('The engine is paused'),
        510: problem('More form pages are needed'),
      },
      handler: async ({ params, query, body, user }) => {
        // A retry sends `{}`; an object counts as one page, as orchestrator-core treats it.
        const answers = body === undefined ? [] : Array.isArray(body) ? body : Object.keys(body).length ? [body] : [];
        await processes.resume(params.process_id, answers, {
          user: resolveUserName(query.reporter, user),
          userModel: user,
        });
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/processes/:process_id/abort',
      summary: 'Abort a process',
      tags: ['Processes'],
      params: processIdParams,
      query: z.object({ reporter: reporterQuery }),
      responses: { 204: { description: 'Aborted' }, 404: problem('Unknown process') },
      handler: async ({ params }) => {
        await processes.abort(params.process_id);
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/processes/:process_id',
      summary: 'Delete a task process',
      tags: ['Processes'],
      params: processIdParams,
      responses: { 204: { description: 'Deleted' }, 400: problem('Not a task'), 404: problem('Unknown process') },
      handler: async ({ params }) => {
        await processes.delete(params.process_id);
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/processes/:process_id/callback/:token',
      summary: 'Continue a process awaiting a callback',
      tags: ['Processes'],
      params: callbackParams,
      body: jsonObject,
      responses: {
        200: { description: 'Continuing', schema: z.null() },
        404: problem('Unknown process or invalid token'),
        409: problem('The process is not awaiting a callback'),
        503: problem('The engine is paused'),
      },
      handler: async ({ params, body }) => {
        await processes.callback(params.process_id, params.token, body);
        return null;
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/processes/:process_id/callback/:token/progress',
      summary: 'Report progress to a process awaiting a callback',
      tags: ['Processes'],
      params: callbackParams,
      body: z.union([jsonObject, z.string()]),
      responses: {
        200: { description: 'Stored', schema: z.null() },
        404: problem('Unknown process or invalid token'),
        409: problem('The process is not awaiting a callback'),
        503: problem('The engine is paused'),
      },
      handler: async ({ params, body }) => {
        await processes.callbackProgress(params.process_id, params.token, body);
        return null;
      },
    }),
    defineRoute({
      method: 'patch',
      path: '/api/processes/:process_id',
      summary: "Set a process's note",
      tags: ['Processes'],
      params: processIdParams,
      // Only the keys sent change (orchestrator-core's `exclude_unset`): `{}` changes nothing.
      body: z.object({ note: z.string().max(5000).nullable().optional() }).strict(),
      responses: { 200: { description: 'The process', schema: ProcessSchema }, 404: problem('Unknown process') },
      handler: async ({ params, body }) => {
        if (body.note !== undefined) await processes.setNote(params.process_id, body.note);
        const detail = await loadProcessDetail(deps.prisma, deps.workflows, deps.logger, params.process_id);
        if (!detail) throw new ProcessNotFoundError(params.process_id);
        return detail;
      },
    }),
  ];
}
