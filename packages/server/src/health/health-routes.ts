import { z } from 'zod';
import { resolveAppOptions, type RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { HttpError } from '../http/http-error';
import { ProblemDetailSchema } from '../schemas/problem-detail-schema';
import { probe } from './probe';

const CheckSchema = z.enum(['ok', 'unavailable']);

/**
 * `GET /api/health`, without authentication (for load balancers and orchestrators): `"OK"` when Postgres and
 * Redis both answer, else 503 naming which did not. Failure details go to the log only: this endpoint is public,
 * and connection errors name internal hosts.
 */
export const healthRoutes: RouteModule = (deps) => {
  const { prisma, redis, logger } = deps;
  const { healthTimeoutMs } = resolveAppOptions(deps.options);
  return [
    defineRoute({
      method: 'get',
      path: '/api/health',
      summary: 'Health check',
      tags: ['Health'],
      public: true,
      responses: {
        200: { description: 'Postgres and Redis answer', schema: z.literal('OK') },
        503: {
          description: 'Postgres or Redis does not answer',
          schema: ProblemDetailSchema.extend({ checks: z.object({ postgres: CheckSchema, redis: CheckSchema }) }),
        },
      },
      handler: async () => {
        const [postgres, redisCheck] = await Promise.all([
          probe(() => prisma.$queryRaw`SELECT 1`, healthTimeoutMs),
          probe(() => redis.ping(), healthTimeoutMs),
        ]);
        if (postgres.ok && redisCheck.ok) return 'OK';
        const failed: string[] = [];
        if (!postgres.ok) failed.push('Postgres');
        if (!redisCheck.ok) failed.push('Redis');
        logger.warn('Health check failed', {
          postgres: postgres.ok ? 'ok' : postgres.error,
          redis: redisCheck.ok ? 'ok' : redisCheck.error,
        });
        throw new HttpError(503, `${failed.join(' and ')} ${failed.length > 1 ? 'are' : 'is'} unavailable`, {
          extra: {
            checks: { postgres: postgres.ok ? 'ok' : 'unavailable', redis: redisCheck.ok ? 'ok' : 'unavailable' },
          },
        });
      },
    }),
  ];
};
