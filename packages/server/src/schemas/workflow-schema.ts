import { Target } from '@wfo/engine';
import { z } from 'zod';
import { epochSeconds, uuidString } from './scalars';

/**
 * orchestrator-core's `WorkflowSchema`. `steps` are the top-level steps of the registered definition; `null` when
 * the workflow is in the database but not in this app's registry.
 */
export const WorkflowSchema = z
  .object({
    name: z.string(),
    target: z.enum(Target),
    is_task: z.boolean(),
    description: z.string().nullable(),
    created_at: epochSeconds,
    workflow_id: uuidString,
    steps: z.array(z.object({ name: z.string() })).nullable(),
  })
  .meta({ id: 'WorkflowSchema' });
export type WorkflowJson = z.output<typeof WorkflowSchema>;
