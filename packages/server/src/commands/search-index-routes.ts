import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';

/**
 * `POST /api/settings/search-index/reset` (reference §3.3): orchestrator-core refreshes its materialized search
 * view; WFO's lists query the tables directly and have no such index to rebuild.
 */
export const searchIndexRoutes: RouteModule = () => [
  defineRoute({
    method: 'post',
    path: '/api/settings/search-index/reset',
    summary: 'Rebuild the search index (not needed in WFO)',
    tags: ['Settings'],
    responses: {
      200: { description: 'Never: answers 501', schema: z.null() },
      501: { description: 'Not implemented' },
    },
    handler: () => {
      throw new HttpError(501, 'WFO has no search index to reset: lists and search read the tables directly');
    },
  }),
];
