import { randomUUID } from 'node:crypto';
import type { PgPool, Prisma, PrismaClient } from '@wfo/db';
import type { DomainFormServices } from '@wfo/domain';
import type { RedisConnection } from './redis-connection';
import {
  abortCheckpoint,
  FAILED_STATUSES,
  callbackProgressState,
  acceptsEarlyCallback,
  checkCallback,
  constantTimeEqual,
  parallelStepsOf,
  prepareResume,
  prepareStart,
  ProcessNotFoundError,
  ProcessStatus,
  recover,
  WorkflowNotFoundError,
  WorkflowRemovedError,
  type Logger,
  type State,
  type User,
  type Workflow,
} from '@wfo/engine';
import { loadSnapshot, loadStepRows, markResumed, replaceRowState, writeCheckpoint } from './process-repository';
import { continueAwaiting, storeEarlyCallback } from './callback-continuation';
import { acquireLock } from './distributed-lock';
import { openBranchIds } from './parallel-branches';
import { insertProcessIfOpen, readStartGate } from './step-sql';
import { carryForStart, type CarriedSnapshot } from './carried-snapshot';
import { EngineLockedError, NotATaskError, ProcessChangedError, ResumeAllRunningError } from './runtime-errors';
import { stepJobName } from './step-job-name';
import type { StepQueue } from './step-queue';
import type { WorkflowRegistry } from './workflow-registry';
import type { EventPublisher } from './live-events/event-publisher';

export interface ProcessServiceDeps {
  readonly prisma: PrismaClient;
  /** The `pg` pool under `prisma`: when given, starting a process goes through it (two round trips). */
  readonly pool?: PgPool;
  readonly workflows: WorkflowRegistry;
  readonly queue: StepQueue;
  /** For locks shared by all API instances. */
  readonly redis: RedisConnection;
  readonly lockPrefix: string;
  readonly logger: Logger;
  /** Epoch seconds. */
  readonly now: () => number;
  /** Lookups the workflow kinds' first pages use (products, subscription availability). */
  readonly formServices: DomainFormServices;
  /** Live events for the UI (`/api/ws/events`): every change here is published. */
  readonly events?: EventPublisher;
}

/** An abort racing step commits tries this often before it gives up (each commit takes milliseconds). */
const ABORT_TRIES = 20;

/** Who asks: the user name recorded on rows, and the identity the authorization callbacks see. */
export interface Requester {
  readonly user: string;
  readonly userModel: User | null;
}

/**
 * The process operations behind the REST API (reference §1.8): each checks, writes one transaction, and only
 * then enqueues. The rules are the engine's; this is the shell that persists and enqueues.
 */
export class ProcessService {
  constructor(private readonly deps: ProcessServiceDeps) {}

  private async engineLocked(): Promise<boolean> {
    const settings = await this.deps.prisma.engineSettings.findFirst();
    return settings?.global_lock ?? false;
  }

  private async assertUnlocked(): Promise<void> {
    if (await this.engineLocked()) throw new EngineLockedError();
  }

  /** `POST /api/processes/{key}`: 503 locked, 404 unknown, 403, 412, 510/400; then the process and its first job. */
  async start(
    workflowKey: string,
    pages: readonly State[],
    requester: Requester,
    traceparent?: string,
  ): Promise<string> {
    const { pool } = this.deps;
    if (!pool) return this.startThroughPrisma(workflowKey, pages, requester, traceparent);
    // One round trip in all (docs/adr/0013-step-hot-path.md): the start gate and the insert are one statement; only
    // a refused start reads the gate again, to say why. Its answers come first (503 locked, then 404), as ever.
    const workflow = this.deps.workflows.get(workflowKey);
    if (!workflow) throw (await this.startRefusal(pool, workflowKey)) ?? new WorkflowNotFoundError();
    const processId = randomUUID();
    let initialState: State;
    try {
      initialState = await prepareStart(workflow, {
        processId,
        user: requester.user,
        userModel: requester.userModel,
        pages,
        formContext: await this.deps.formServices.formContext(),
      });
    } catch (err) {
      throw (await this.startRefusal(pool, workflowKey)) ?? err;
    }
    const initialStateJson = JSON.stringify(initialState);
    const inserted = await insertProcessIfOpen(pool, {
      processId,
      workflowKey,
      user: requester.user,
      initialStateJson,
    });
    // Refused although the gate reads open: the lock was lifted in between, so the caller may simply try again.
    if (!inserted) throw (await this.startRefusal(pool, workflowKey)) ?? new EngineLockedError();
    const carried = carryForStart({ workflowKey, isTask: inserted.isTask, user: requester.user, initialStateJson });
    await this.enqueueSafely(workflow, processId, { position: 0, attempt: 0 }, { traceparent, carried });
    this.deps.events?.processChanged(processId);
    return processId;
  }

  /**
   * Why a start is refused, read from the start gate: 503 while the engine is locked, 404 for a workflow that is not
   * registered (or deleted); undefined when the gate is open.
   */
  private async startRefusal(pool: PgPool, workflowKey: string): Promise<Error | undefined> {
    const gate = await readStartGate(pool, workflowKey);
    if (gate.engineLocked) return new EngineLockedError();
    if (!gate.workflow || !this.deps.workflows.get(workflowKey)) return new WorkflowNotFoundError();
    return undefined;
  }

  /** The same through Prisma (a service built without the pool). */
  private async startThroughPrisma(
    workflowKey: string,
    pages: readonly State[],
    requester: Requester,
    traceparent?: string,
  ) {
    await this.assertUnlocked();
    const workflow = this.deps.workflows.get(workflowKey);
    const row = workflow ? await this.deps.prisma.workflow.findUnique({ where: { name: workflowKey } }) : null;
    if (!workflow || !row || row.deleted_at) throw new WorkflowNotFoundError();
    const processId = randomUUID();
    const initialState = await prepareStart(workflow, {
      processId,
      user: requester.user,
      userModel: requester.userModel,
      pages,
      formContext: await this.deps.formServices.formContext(),
    });
    await this.deps.prisma.$transaction([
      this.deps.prisma.process.create({
        data: {
          pid: processId,
          workflow_id: row.workflow_id,
          last_status: ProcessStatus.CREATED,
          created_by: requester.user,
          acting_user: requester.user,
          is_task: row.is_task,
        },
      }),
      this.deps.prisma.inputState.create({
        data: { pid: processId, input_type: 'initial_state', input_state: initialState as Prisma.InputJsonObject },
      }),
    ]);
    await this.enqueueSafely(workflow, processId, { position: 0, attempt: 0 }, { traceparent });
    this.deps.events?.processChanged(processId);
    return processId;
  }

  /**
   * Enqueue after commit. If Redis is unavailable the process is still safe in Postgres: the reconciler enqueues it
   * once Redis is back.
   */
  private async enqueueSafely(
    workflow: Workflow,
    processId: string,
    token: { position: number; attempt: number },
    {
      stepPosition = token.position,
      traceparent,
      carried,
    }: { stepPosition?: number; traceparent?: string; carried?: CarriedSnapshot } = {},
  ) {
    try {
      await this.deps.queue.enqueue(processId, token, {
        jobName: stepJobName(workflow, stepPosition),
        traceparent,
        carried,
      });
    } catch (err) {
      this.deps.logger.warn('Could not enqueue; the reconciler will', { processId, error: String(err) });
    }
  }

  private async snapshotOrThrow(processId: string) {
    const snapshot = await loadSnapshot(this.deps.prisma, processId);
    if (!snapshot) throw new ProcessNotFoundError(processId);
    return snapshot;
  }

  /**
   * `PUT /api/processes/{id}/resume`: resume a suspended step with its form's answers, retry a failed or waiting
   * step, or continue an await without callback data. 503, 404, 403, 409, 510/400.
   */
  async resume(processId: string, pages: readonly State[], requester: Requester): Promise<void> {
    await this.assertUnlocked();
    const snapshot = await this.snapshotOrThrow(processId);
    const workflow = this.deps.workflows.get(snapshot.workflowKey);
    if (!workflow) throw new WorkflowRemovedError('resumed');
    const rows = await loadStepRows(this.deps.prisma, processId);
    const recovery = recover(workflow, rows);
    const userInput = await prepareResume(workflow, {
      status: snapshot.status,
      recovery,
      userModel: requester.userModel,
      pages,
      formContext: await this.deps.formServices.formContext(),
    });
    const token = { position: snapshot.position, attempt: snapshot.attempt };
    const next = { position: snapshot.position, attempt: snapshot.attempt + 1 };
    const moved = await markResumed(
      this.deps.prisma,
      processId,
      { ...token, status: snapshot.status },
      requester.user,
      userInput,
    );
    if (!moved) throw new ProcessChangedError();
    // The failed job (if any) is superseded: remove it, so the dashboard never shows a retryable job twice.
    await this.deps.queue.removeIfIdle(processId, token).catch(() => undefined);
    // Named after the step it will run: after a deploy that is where `recover` placed the process by name, which
    // may differ from the stored position until the step's checkpoint moves it there.
    await this.enqueueSafely(workflow, processId, next, { stepPosition: recovery.position });
    this.deps.events?.processChanged(processId);
  }

  /**
   * `PUT /api/processes/{id}/abort`: allowed in any status and while the engine is paused; a no-op once completed.
   * A process that moves on meanwhile (a step committing) is read again: an abort has no precondition to lose.
   */
  async abort(processId: string): Promise<void> {
    for (let tries = 0; ; tries++) {
      const snapshot = await this.snapshotOrThrow(processId);
      const logged = abortCheckpoint(snapshot, this.deps.now());
      if (!logged) return;
      const token = { position: snapshot.position, attempt: snapshot.attempt };
      // Bumping the attempt invalidates the token of a step still running: its checkpoint will commit nothing.
      const committed = await writeCheckpoint(
        this.deps.prisma,
        processId,
        { ...token, status: snapshot.status },
        logged.row,
        { ...logged.process, position: snapshot.position, attempt: snapshot.attempt + 1 },
      );
      if (committed) {
        await this.deps.queue.removeIfIdle(processId, token).catch(() => undefined);
        // A parallel step's branches stop with their process (each under its own compare-and-set, as here).
        for (const branchId of await openBranchIds(this.deps.prisma, processId)) await this.abort(branchId);
        this.deps.events?.processChanged(processId);
        return;
      }
      if (tries >= ABORT_TRIES) throw new ProcessChangedError();
    }
  }

  /** `DELETE /api/processes/{id}`: tasks only (400 for workflows), cascading to steps, inputs and links. */
  async delete(processId: string): Promise<void> {
    const process = await this.deps.prisma.process.findUnique({ where: { pid: processId } });
    if (!process) throw new ProcessNotFoundError(processId);
    if (!process.is_task) throw new NotATaskError();
    await this.deps.prisma.process.delete({ where: { pid: processId } });
    await this.deps.queue
      .removeIfIdle(processId, { position: process.position, attempt: process.attempt })
      .catch(() => undefined);
    this.deps.events?.processChanged(processId);
  }

  /** `POST /api/processes/{id}/callback/{token}`: 503, 404 unknown, 409 not awaiting, 404 wrong token. */
  async callback(processId: string, token: string, body: State): Promise<void> {
    await this.assertUnlocked();
    const snapshot = await this.snapshotOrThrow(processId);
    const workflow = this.deps.workflows.get(snapshot.workflowKey);
    if (!workflow) throw new WorkflowRemovedError('resumed');
    const branchId = await this.branchHoldingToken(workflow, processId, token);
    if (branchId) return this.callback(branchId, token, body);
    if (snapshot.status !== ProcessStatus.AWAITING_CALLBACK && acceptsEarlyCallback(workflow, snapshot, token)) {
      // The external system answered before the step began to wait: keep the answer for the await. If the await
      // committed meanwhile, continue it now (and the reconciler catches the rest of that race).
      await storeEarlyCallback(this.deps.prisma, processId, token, body);
      const now = await this.snapshotOrThrow(processId);
      if (now.status === ProcessStatus.AWAITING_CALLBACK && now.lastRow?.state.__callback_token === token) {
        await continueAwaiting(this.deps, now, checkCallback(now.status, now.lastRow, token), body);
      }
      return;
    }
    const awaiting = checkCallback(snapshot.status, snapshot.lastRow, token);
    if (!(await continueAwaiting(this.deps, snapshot, awaiting, body))) throw new ProcessChangedError();
    this.deps.events?.processChanged(processId);
  }

  /** `POST /api/processes/{id}/callback/{token}/progress`: store a progress report; the process keeps awaiting. */
  async callbackProgress(processId: string, token: string, progress: unknown): Promise<void> {
    await this.assertUnlocked();
    const snapshot = await this.snapshotOrThrow(processId);
    const workflow = this.deps.workflows.get(snapshot.workflowKey);
    const branchId = workflow ? await this.branchHoldingToken(workflow, processId, token) : undefined;
    if (branchId) return this.callbackProgress(branchId, token, progress);
    const awaiting = checkCallback(snapshot.status, snapshot.lastRow, token);
    const stored = await replaceRowState(
      this.deps.prisma,
      processId,
      awaiting.stepId,
      callbackProgressState(awaiting, progress),
      {
        status: snapshot.status,
        attempt: snapshot.attempt,
      },
    );
    if (!stored) throw new ProcessChangedError();
    this.deps.events?.processChanged(processId, false);
  }

  /**
   * A callback step inside a parallel step's branch gives the external system the route of the process the user
   * sees (its state's `process_id`), not of the branch's hidden process: the branch whose newest row holds this
   * token takes the callback. Looked for only in workflows with parallel steps; tokens compared in constant time.
   */
  private async branchHoldingToken(workflow: Workflow, processId: string, token: string): Promise<string | undefined> {
    if (parallelStepsOf(workflow).length === 0) return undefined;
    const rows = await this.deps.prisma.$queryRaw<Array<{ pid: string; token: string | null }>>`
      SELECT b.pid::text AS pid, s.state ->> '__callback_token' AS token FROM processes b
      JOIN LATERAL (
        SELECT s.state FROM process_steps s WHERE s.pid = b.pid ORDER BY s.completed_at DESC LIMIT 1
      ) s ON true
      WHERE b.parent_pid = ${processId}::uuid`;
    return rows.find((r) => typeof r.token === 'string' && constantTimeEqual(r.token, token))?.pid;
  }

  /** `PATCH /api/processes/{id}`: set the note (an empty string clears it). */
  async setNote(processId: string, note: string | null): Promise<void> {
    const updated = await this.deps.prisma.process.updateMany({
      where: { pid: processId },
      data: { note: note === '' ? null : note },
    });
    if (updated.count !== 1) throw new ProcessNotFoundError(processId);
    this.deps.events?.processChanged(processId, false);
  }

  /**
   * `PUT /api/processes/resume-all`: retry every failed or waiting task in the background, under a lock shared by
   * all API instances (409 while another resume-all runs). Answers how many it will try.
   */
  async resumeAll(requester: Requester): Promise<{ count: number; done: Promise<void> }> {
    await this.assertUnlocked();
    const ids = await this.resumableTaskIds();
    const lock = await acquireLock(
      this.deps.redis,
      `${this.deps.lockPrefix}:resume-all`,
      Math.max(30_000, (ids.length / 10) * 1000),
    );
    if (!lock) throw new ResumeAllRunningError();
    const done = this.resumeTasks(ids, requester).finally(() => lock.release().catch(() => undefined));
    return { count: ids.length, done };
  }

  /** The tasks resume-all retries: failed (and subtypes) or waiting. */
  async resumableTaskIds(): Promise<string[]> {
    const rows = await this.deps.prisma.process.findMany({
      // Not the hidden processes of parallel branches: retrying their task retries its failed branches.
      where: { is_task: true, last_status: { in: [...FAILED_STATUSES, ProcessStatus.WAITING] }, parent_pid: null },
      select: { pid: true },
    });
    return rows.map((r) => r.pid);
  }

  /** Retry tasks one by one, skipping those that moved meanwhile; a failure is logged and skipped. */
  async resumeTasks(processIds: readonly string[], requester: Requester): Promise<void> {
    for (const pid of processIds) {
      try {
        const snapshot = await loadSnapshot(this.deps.prisma, pid);
        if (!snapshot || snapshot.status === ProcessStatus.RUNNING || snapshot.status === ProcessStatus.RESUMED)
          continue;
        await this.resume(pid, [], requester);
      } catch (err) {
        this.deps.logger.warn('Failed to resume process', { processId: pid, error: String(err) });
      }
    }
  }
}
