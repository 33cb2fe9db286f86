import { Assignee, ProcessStatus, Target } from '@wfo/engine';
import { z } from 'zod';
import { epochSeconds, jsonObject, uuidString } from './scalars';
import { SubscriptionSchema } from './subscription-schema';

export const ProcessStatusSchema = z.enum(ProcessStatus).meta({ id: 'ProcessStatus' });

/**
 * A step of a process: a logged row, or (`status: "pending"`) a step still to run, whose other fields are null.
 * `stepid` repeats `step_id` (orchestrator-core's older name); `executed` repeats `completed` (deprecated there).
 */
export const ProcessStepSchema = z
  .object({
    step_id: uuidString.nullable(),
    stepid: uuidString.nullable(),
    name: z.string(),
    status: z.string(),
    created_by: z.string().nullable(),
    executed: epochSeconds.nullable(),
    started: epochSeconds.nullable(),
    completed: epochSeconds.nullable(),
    commit_hash: z.string().nullable(),
    state: jsonObject.nullable(),
    state_delta: jsonObject.nullable().meta({ description: 'What this step changed in the state of the step before.' }),
  })
  .meta({ id: 'ProcessStepSchema' });
export type ProcessStepJson = z.output<typeof ProcessStepSchema>;

/**
 * One branch of a parallel step (WFO's own, SPEC §9): the hidden process that runs it, its status, and its steps as
 * `steps` shows a process's (logged rows, then pending steps).
 */
export const ProcessBranchSchema = z
  .object({
    branch: z.string(),
    process_id: uuidString,
    last_status: ProcessStatusSchema,
    last_step: z.string().nullable(),
    failed_reason: z.string().nullable(),
    started_at: epochSeconds,
    last_modified_at: epochSeconds,
    current_state: jsonObject.nullable(),
    steps: z.array(ProcessStepSchema),
  })
  .meta({ id: 'ProcessBranchSchema' });
export type ProcessBranchJson = z.output<typeof ProcessBranchSchema>;

/**
 * orchestrator-core's `ProcessSchema`. Lists leave `current_state`, `steps` and `form` null; the detail fills
 * them. `product_id` and `customer_id` are those of the first linked subscription.
 */
export const ProcessSchema = z
  .object({
    process_id: uuidString,
    workflow_id: uuidString,
    workflow_name: z.string(),
    is_task: z.boolean(),
    created_by: z.string().nullable(),
    failed_reason: z.string().nullable(),
    started_at: epochSeconds,
    last_status: ProcessStatusSchema,
    last_step: z.string().nullable(),
    assignee: z.enum(Assignee),
    last_modified_at: epochSeconds,
    traceback: z.string().nullable(),
    product_id: uuidString.nullable(),
    customer_id: z.string().nullable(),
    workflow_target: z.enum(Target).nullable(),
    subscriptions: z.array(SubscriptionSchema),
    current_state: jsonObject.nullable(),
    steps: z.array(ProcessStepSchema).nullable(),
    form: jsonObject.nullable().meta({ description: 'JSON Schema of the form a suspended process waits for.' }),
    note: z.string().nullable(),
    branches: z
      .record(z.string(), z.array(ProcessBranchSchema))
      .optional()
      .meta({
        description:
          'WFO only, in the detail of a process whose workflow has parallel steps: the branches of each parallel ' +
          'step that forked, by its name, with their statuses and steps.',
      }),
  })
  .meta({ id: 'ProcessSchema' });
export type ProcessJson = z.output<typeof ProcessSchema>;

export const ProcessStatusCountsSchema = z
  .object({
    process_counts: z.partialRecord(ProcessStatusSchema, z.number().int()),
    task_counts: z.partialRecord(ProcessStatusSchema, z.number().int()),
  })
  .meta({ id: 'ProcessStatusCounts' });
export type ProcessStatusCountsJson = z.output<typeof ProcessStatusCountsSchema>;
