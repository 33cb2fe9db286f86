import type { EngineSettingsService } from '@wfo/runtime';
import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';

const engineStatusSchema = z.object({
  global_lock: z.boolean(),
  global_status: z.enum(['RUNNING', 'PAUSING', 'PAUSED']),
  running_processes: z.number().int(),
});

const CACHE_NAMES: Record<string, string> = { all: 'All caches namespaced by `orchestrator:*`' };

/** Engine settings (reference §1.14, §3.3): pause and unpause, worker status, caches, user logging. */
export function settingsRoutes(
  engine: EngineSettingsService,
  deleteCacheKeys: (pattern: string) => Promise<number>,
): RouteModule {
  return () => [
    defineRoute({
      method: 'get',
      path: '/api/settings/status',
      summary: 'Engine status',
      tags: ['Settings'],
      responses: { 200: { description: 'The engine status', schema: engineStatusSchema } },
      handler: () => engine.status(),
    }),
    defineRoute({
      method: 'put',
      path: '/api/settings/status',
      summary: 'Pause or unpause the engine',
      description: 'With the lock set, workers finish the step they run and start no new one; unlocking resumes them.',
      tags: ['Settings'],
      body: z.object({ global_lock: z.boolean() }),
      responses: { 200: { description: 'The new engine status', schema: engineStatusSchema } },
      handler: ({ body }) => engine.setLock(body.global_lock),
    }),
    defineRoute({
      method: 'get',
      path: '/api/settings/worker-status',
      summary: 'Workers and queue',
      tags: ['Settings'],
      responses: {
        200: {
          description: 'Workers online, queued and running jobs',
          schema: z.object({
            executor_type: z.string(),
            number_of_workers_online: z.number().int(),
            number_of_queued_jobs: z.number().int(),
            number_of_running_jobs: z.number().int(),
          }),
        },
      },
      handler: () => engine.workerStatus(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/settings/cache-names',
      summary: 'Cache names that can be cleared',
      tags: ['Settings'],
      responses: { 200: { description: 'Name → description', schema: z.record(z.string(), z.string()) } },
      handler: () => CACHE_NAMES,
    }),
    defineRoute({
      method: 'delete',
      path: '/api/settings/cache/:name',
      summary: 'Clear a cache',
      tags: ['Settings'],
      params: z.object({ name: z.string().min(1).max(100) }),
      responses: {
        200: { description: 'Keys deleted', schema: z.number().int() },
        400: { description: 'Invalid cache name' },
      },
      handler: async ({ params }) => {
        if (!Object.hasOwn(CACHE_NAMES, params.name)) throw new HttpError(400, 'Invalid cache name');
        return deleteCacheKeys('orchestrator:*');
      },
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/error',
      summary: 'Log a front-end error',
      tags: ['User'],
      body: z.record(z.string(), z.unknown()),
      responses: { 200: { description: 'Logged', schema: z.object({}) } },
      handler: () => ({}),
    }),
    defineRoute({
      method: 'post',
      path: '/api/user/log/:user_name',
      summary: 'Log a user action',
      tags: ['User'],
      params: z.object({ user_name: z.string().min(1).max(255) }),
      body: z.record(z.string(), z.unknown()),
      responses: { 200: { description: 'Logged', schema: z.object({}) } },
      handler: () => ({}),
    }),
  ];
}
