import type { Prisma, PrismaClient } from '@wfo/db';
import type { State, User } from '@wfo/engine';
import type { EventPublisher } from '../live-events/event-publisher';
import type { WorkflowRegistry } from '../workflow-registry';
import { declaredScheduleId, type ScheduleDeclaration } from './schedule-declaration';
import {
  DeclaredScheduleError,
  ScheduleNotAuthorizedError,
  ScheduleNotFoundError,
  ScheduleTriggerError,
  TaskNotFoundError,
} from './schedule-errors';
import type { ScheduleTimers } from './schedule-timers';
import { InvalidTriggerError, nextFireTime, timerOf, type TriggerKind } from './schedule-trigger';

/** A schedule as `GET /api/schedules` shows it. Datetimes are epoch seconds (WFO's REST convention). */
export interface ScheduleView {
  readonly schedule_id: string;
  readonly name: string;
  readonly workflow_id: string;
  readonly workflow_name: string;
  readonly trigger: string;
  readonly trigger_kwargs: Record<string, unknown>;
  readonly user_inputs: State[];
  /** `api` or `code`. */
  readonly origin: string;
  readonly created_at: number;
  /** When it fires next; null when it never will again (an ended interval, a past one-off already run). */
  readonly next_run_time: number | null;
}

export interface NewSchedule {
  readonly workflow_name: string;
  readonly name?: string | null;
  readonly trigger: TriggerKind;
  readonly trigger_kwargs: Record<string, unknown>;
  readonly user_inputs?: State[];
}

export interface ScheduleChange {
  readonly schedule_id: string;
  readonly name?: string | null;
  readonly trigger?: TriggerKind | null;
  readonly trigger_kwargs?: Record<string, unknown> | null;
}

export interface ScheduleServiceDeps {
  readonly prisma: PrismaClient;
  readonly workflows: WorkflowRegistry;
  readonly timers: ScheduleTimers;
  readonly events?: EventPublisher;
}

type Row = Prisma.ScheduleGetPayload<{ include: { workflow: { select: { name: true } } } }>;

/**
 * Schedules (reference §3.3, §4.2): the `schedules` table is the truth, the timers follow it. Managing a
 * schedule needs the permission to start its task (its `authorize` callback), as in orchestrator-core.
 */
export class ScheduleService {
  constructor(private readonly deps: ScheduleServiceDeps) {}

  async list(): Promise<ScheduleView[]> {
    const [rows, next] = await Promise.all([
      this.deps.prisma.schedule.findMany({
        include: { workflow: { select: { name: true } } },
        orderBy: [{ name: 'asc' }, { created_at: 'asc' }],
      }),
      this.deps.timers.nextRunTimes(),
    ]);
    return rows.map((row) => viewOf(row, next.get(row.schedule_id)));
  }

  async get(scheduleId: string): Promise<ScheduleView> {
    const row = await this.find(scheduleId);
    const next = await this.deps.timers.nextRunTimes();
    return viewOf(row, next.get(row.schedule_id));
  }

  async create(input: NewSchedule, user: User | null): Promise<string> {
    const task = await this.authorizedTask(input.workflow_name, user);
    checkTrigger(input.trigger, input.trigger_kwargs);
    const row = await this.deps.prisma.schedule.create({
      data: {
        workflow_id: task.workflowId,
        name: input.name || task.description,
        trigger: input.trigger,
        trigger_kwargs: input.trigger_kwargs as Prisma.InputJsonObject,
        user_inputs: (input.user_inputs ?? [{}]) as Prisma.InputJsonArray,
        origin: 'api',
      },
    });
    await this.deps.timers.install(row);
    this.changed();
    return row.schedule_id;
  }

  async update(change: ScheduleChange, user: User | null): Promise<void> {
    const row = await this.find(change.schedule_id);
    if (row.origin === 'code') throw new DeclaredScheduleError();
    await this.authorizedTask(row.workflow.name, user);
    const trigger = (change.trigger ?? row.trigger) as TriggerKind;
    const kwargs = change.trigger_kwargs ?? (change.trigger ? {} : (row.trigger_kwargs as Record<string, unknown>));
    checkTrigger(trigger, kwargs);
    const updated = await this.deps.prisma.schedule.update({
      where: { schedule_id: row.schedule_id },
      data: {
        name: change.name || row.name,
        trigger,
        trigger_kwargs: kwargs as Prisma.InputJsonObject,
        // A new trigger starts counting now (APScheduler's reschedule).
        ...(change.trigger || change.trigger_kwargs ? { created_at: new Date() } : {}),
      },
    });
    await this.deps.timers.remove(row.schedule_id);
    await this.deps.timers.install(updated);
    this.changed();
  }

  async delete(scheduleId: string, user: User | null): Promise<void> {
    const row = await this.find(scheduleId);
    if (row.origin === 'code') throw new DeclaredScheduleError();
    await this.authorizedTask(row.workflow.name, user);
    // Postgres first: a tick that fires meanwhile finds no schedule and does nothing.
    await this.deps.prisma.schedule.deleteMany({ where: { schedule_id: scheduleId } });
    await this.deps.timers.remove(scheduleId);
    this.changed();
  }

  /**
   * Make the declared schedules the `code` rows of the table (insert, update, delete), then give every schedule
   * its timer. Run by the API at start, after the workflows are registered; safe on several instances at once.
   */
  async syncDeclared(declarations: readonly ScheduleDeclaration[]): Promise<void> {
    const { prisma } = this.deps;
    const ids: string[] = [];
    for (const d of declarations) {
      if (!this.deps.workflows.has(d.task))
        throw new Error(`Schedule "${d.name}" starts "${d.task}", which the application does not define`);
      const workflow = await prisma.workflow.findUnique({ where: { name: d.task }, select: { workflow_id: true } });
      if (!workflow) throw new Error(`Schedule "${d.name}": the workflow "${d.task}" is not registered`);
      const id = declaredScheduleId(d.name);
      ids.push(id);
      const data = {
        workflow_id: workflow.workflow_id,
        name: d.name,
        trigger: d.trigger,
        trigger_kwargs: d.kwargs as Prisma.InputJsonObject,
        user_inputs: (d.userInputs ?? [{}]) as Prisma.InputJsonArray,
        origin: 'code',
      };
      const existing = await prisma.schedule.findUnique({ where: { schedule_id: id } });
      if (!existing) {
        await prisma.schedule.createMany({ data: [{ schedule_id: id, ...data }], skipDuplicates: true });
      } else if (!sameDeclaration(existing, data)) {
        await prisma.schedule.update({ where: { schedule_id: id }, data: { ...data, created_at: new Date() } });
        await this.deps.timers.remove(id);
      }
    }
    await prisma.schedule.deleteMany({ where: { origin: 'code', schedule_id: { notIn: ids } } });
    await this.reconcileTimers();
  }

  /** Give every schedule in Postgres its timer, and remove timers of schedules that are gone. */
  async reconcileTimers(): Promise<{ installed: number; removed: number }> {
    const rows = await this.deps.prisma.schedule.findMany();
    return this.deps.timers.reconcile(rows);
  }

  private async find(scheduleId: string): Promise<Row> {
    const row = await this.deps.prisma.schedule.findUnique({
      where: { schedule_id: scheduleId },
      include: { workflow: { select: { name: true } } },
    });
    if (!row) throw new ScheduleNotFoundError();
    return row;
  }

  private async authorizedTask(key: string, user: User | null) {
    const workflow = this.deps.workflows.get(key);
    const row = workflow
      ? await this.deps.prisma.workflow.findUnique({
          where: { name: key },
          select: { workflow_id: true, deleted_at: true },
        })
      : null;
    if (!workflow || !row || row.deleted_at) throw new TaskNotFoundError();
    if (!(await workflow.authorize({ user, action: 'start_workflow', workflow })))
      throw new ScheduleNotAuthorizedError(key);
    return { workflowId: row.workflow_id, description: workflow.description };
  }

  private changed(): void {
    this.deps.events?.invalidate([{ type: 'scheduledTags' }]);
  }
}

function checkTrigger(trigger: TriggerKind, kwargs: Record<string, unknown>): void {
  try {
    timerOf(trigger, kwargs);
  } catch (err) {
    if (err instanceof InvalidTriggerError) throw new ScheduleTriggerError(err.message);
    throw err;
  }
}

function sameDeclaration(
  row: { name: string; trigger: string; trigger_kwargs: unknown; user_inputs: unknown; workflow_id: string },
  data: { name: string; trigger: string; trigger_kwargs: unknown; user_inputs: unknown; workflow_id: string },
): boolean {
  return (
    row.name === data.name &&
    row.trigger === data.trigger &&
    row.workflow_id === data.workflow_id &&
    JSON.stringify(row.trigger_kwargs) === JSON.stringify(data.trigger_kwargs) &&
    JSON.stringify(row.user_inputs) === JSON.stringify(data.user_inputs)
  );
}

function viewOf(row: Row, scheduledNext: number | undefined): ScheduleView {
  let next: number | null = scheduledNext ?? null;
  if (next === null && row.trigger === 'date') {
    try {
      next = nextFireTime(timerOf('date', row.trigger_kwargs as Record<string, unknown>), Date.now(), 0);
    } catch {
      next = null;
    }
  }
  return {
    schedule_id: row.schedule_id,
    name: row.name,
    workflow_id: row.workflow_id,
    workflow_name: row.workflow.name,
    trigger: row.trigger,
    trigger_kwargs: row.trigger_kwargs as Record<string, unknown>,
    user_inputs: row.user_inputs as State[],
    origin: row.origin,
    created_at: row.created_at.getTime() / 1000,
    next_run_time: next === null ? null : next / 1000,
  };
}
