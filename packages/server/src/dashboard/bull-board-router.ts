import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { Queue } from 'bullmq';
import type { RequestHandler } from 'express';

/** Where the Bull dashboard is mounted (SPEC §1). */
export const DASHBOARD_PATH = '/dashboard/queues';

/**
 * The Bull dashboard over the given queues, to be mounted at `DASHBOARD_PATH`. Not read-only: retrying a failed
 * step job from here must work like `PUT /api/processes/{id}/resume` (SPEC §1), which the worker guarantees.
 */
export function bullBoardRouter(queues: readonly Queue[]): RequestHandler {
  const serverAdapter = new ExpressAdapter();
  serverAdapter.setBasePath(DASHBOARD_PATH);
  createBullBoard({ queues: queues.map((q) => new BullMQAdapter(q)), serverAdapter });
  const router = serverAdapter.getRouter() as RequestHandler & { disable?: (setting: string) => void };
  // The adapter's router is an Express app of its own, which would announce `X-Powered-By: Express` again.
  router.disable?.('x-powered-by');
  return router;
}
