import { TRIGGERS, type ScheduleService } from '@wfo/runtime';
import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { epochSeconds, jsonObject, uuidParam, uuidString } from '../schemas/scalars';

const problem = (description: string) => ({ description });

export const ScheduleSchema = z
  .object({
    schedule_id: uuidString,
    name: z.string(),
    workflow_id: uuidString,
    workflow_name: z.string(),
    trigger: z.enum(TRIGGERS),
    trigger_kwargs: jsonObject,
    user_inputs: z.array(jsonObject),
    origin: z.enum(['api', 'code']),
    created_at: epochSeconds,
    next_run_time: epochSeconds.nullable(),
  })
  .meta({ id: 'Schedule' });

const trigger = z.enum(TRIGGERS).meta({ description: "APScheduler's trigger: interval, cron or date" });
const triggerKwargs = jsonObject.meta({
  description:
    'The trigger\'s arguments, e.g. {"hours": 1}, {"hour": 0, "minute": 10}, {"run_date": "2027-01-01T00:00:00Z"}',
});

const CreateBody = z
  .object({
    workflow_name: z.string().min(1).max(255),
    workflow_id: uuidString.nullish(),
    name: z.string().max(255).nullish(),
    trigger,
    trigger_kwargs: triggerKwargs,
    user_inputs: z.array(jsonObject).max(20).optional(),
  })
  .meta({ id: 'ScheduleCreate' });
const UpdateBody = z
  .object({
    schedule_id: uuidString,
    name: z.string().max(255).nullish(),
    trigger: trigger.nullish(),
    trigger_kwargs: triggerKwargs.nullish(),
  })
  .meta({ id: 'ScheduleUpdate' });
const DeleteBody = z
  .object({ schedule_id: uuidString, workflow_id: uuidString.nullish() })
  .meta({ id: 'ScheduleDelete' });
const Message = z.object({ message: z.string(), status: z.string() });

/**
 * `/api/schedules` (reference §3.3; SPEC §5 adds `schedule_id` to the POST answer and the GET list). Unlike
 * orchestrator-core, changes apply at once (there is no scheduler process to queue them for): the answer of a
 * POST already has the schedule, with its next run time.
 */
export function scheduleRoutes(schedules: ScheduleService): RouteModule {
  return () => [
    defineRoute({
      method: 'get',
      path: '/api/schedules',
      summary: 'List schedules, with their next run time',
      tags: ['Schedules'],
      responses: { 200: { description: 'Every schedule', schema: z.array(ScheduleSchema) } },
      handler: () => schedules.list(),
    }),
    defineRoute({
      method: 'get',
      path: '/api/schedules/:schedule_id',
      summary: 'Get a schedule',
      tags: ['Schedules'],
      params: z.object({ schedule_id: uuidParam }),
      responses: { 200: { description: 'The schedule', schema: ScheduleSchema }, 404: problem('Unknown schedule') },
      handler: ({ params }) => schedules.get(params.schedule_id),
    }),
    defineRoute({
      method: 'post',
      path: '/api/schedules',
      summary: 'Create a schedule',
      tags: ['Schedules'],
      body: CreateBody,
      responses: {
        201: { description: 'Created', schema: Message.extend({ schedule_id: uuidString }) },
        403: problem('Not allowed to start the task'),
        404: problem('Unknown task'),
        422: problem('Invalid trigger arguments'),
      },
      handler: async ({ body, user }) => {
        const scheduleId = await schedules.create(
          {
            workflow_name: body.workflow_name,
            name: body.name,
            trigger: body.trigger,
            trigger_kwargs: body.trigger_kwargs,
            user_inputs: body.user_inputs,
          },
          user,
        );
        return { message: 'Added to Create Queue', status: 'CREATED', schedule_id: scheduleId };
      },
    }),
    defineRoute({
      method: 'put',
      path: '/api/schedules',
      summary: "Change a schedule's name or trigger",
      tags: ['Schedules'],
      body: UpdateBody,
      responses: {
        200: { description: 'Updated', schema: Message },
        403: problem('Not allowed to start the task'),
        404: problem('Unknown schedule'),
        409: problem('Declared in code'),
        422: problem('Invalid trigger arguments'),
      },
      handler: async ({ body, user }) => {
        await schedules.update(body, user);
        return { message: 'Added to Update Queue', status: 'UPDATED' };
      },
    }),
    defineRoute({
      method: 'delete',
      path: '/api/schedules',
      summary: 'Delete a schedule',
      tags: ['Schedules'],
      body: DeleteBody,
      responses: {
        200: { description: 'Deleted', schema: Message },
        403: problem('Not allowed to start the task'),
        404: problem('Unknown schedule'),
        409: problem('Declared in code'),
      },
      handler: async ({ body, user }) => {
        await schedules.delete(body.schedule_id, user);
        return { message: 'Added to Delete Queue', status: 'DELETED' };
      },
    }),
  ];
}
