import { randomUUID } from 'node:crypto';
import type { SubscriptionRepository } from '@wfo/domain';
import {
  abortCheckpoint,
  callbackProgressState,
  callbackResultState,
  callbackTimeoutCheckpoint,
  checkCallback,
  checkpointOf,
  InternalKey,
  planStep,
  prepareResume,
  prepareStart,
  ProcessStatus,
  recover,
  runStep,
  BRANCH_KEY_SEPARATOR,
  branchWorkflowOf,
  isFailedStatus,
  settleBranches,
  StepStatus as StepStatusValue,
  SYSTEM_USER,
  type ProcessStatus as ProcessStatusType,
  type State,
  type StepContext,
  type StepPlan,
  type StepResult,
  type StepStatus,
  type Workflow,
} from '@wfo/engine';
import { newUrlSafeToken, nowSeconds } from '../system-environment';
import { applyLoggedStep, newMemoryProcess, snapshotOf, type MemoryProcess } from './memory-process';
import { collectingLogger, type LogLine } from './test-logger';
import { TestSubscriptionStore, type TestApplication } from './test-subscription-store';

/** A process run by the testing helpers: its status, state and step log (the `process_steps` rows). */
export interface TestProcess {
  readonly processId: string;
  readonly status: ProcessStatusType;
  /** The state of the newest outcome: the process state, or for a failed or waiting process its error state. */
  readonly state: State;
  /** The step rows, oldest first. */
  readonly log: ReadonlyArray<{ readonly name: string; readonly status: StepStatus; readonly state: State }>;
  readonly lastStep: string | null;
  readonly assignee: string;
  readonly failedReason: string | null;
  readonly traceback: string | null;
  /** What the steps logged through `ctx.log`. */
  readonly logLines: readonly LogLine[];
  /** The branches of its parallel steps that forked, by `<parallel step> › <branch>`, each as a process. */
  readonly branches: Readonly<Record<string, TestProcess>>;
}

interface ProcessRecord {
  readonly process: MemoryProcess;
  readonly logLines: LogLine[];
  /** Where the process's subscriptions live, when it was run with an application. */
  readonly store: TestSubscriptionStore | null;
  /** The branches of its parallel steps, by `<parallel step> › <branch>`. */
  readonly branches: Map<string, ProcessRecord>;
}

const records = new WeakMap<TestProcess, ProcessRecord>();

/** One store per application object, created on first use and dropped by {@link closeTestDatabases}. */
const stores = new Map<TestApplication, Promise<TestSubscriptionStore>>();

function storeFor(app: TestApplication): Promise<TestSubscriptionStore> {
  let store = stores.get(app);
  if (!store) {
    store = TestSubscriptionStore.create(app);
    stores.set(app, store);
    // A failed creation is forgotten, so the next test reports its own error instead of this one's.
    store.catch(() => stores.delete(app));
  }
  return store;
}

/**
 * Drop the throwaway databases the helpers created for applications' subscriptions (call it in `afterAll`).
 * Until then they hold connections that keep a test runner from exiting.
 */
export async function closeTestDatabases(): Promise<void> {
  const open = [...stores.values()];
  stores.clear();
  await Promise.all(open.map(async (s) => (await s.catch(() => null))?.close()));
}

function view(record: ProcessRecord): TestProcess {
  const { process, logLines } = record;
  const recovered = recover(process.workflow, process.rows);
  const last = process.rows[process.rows.length - 1];
  const failedOrWaiting =
    last && (process.status === ProcessStatus.WAITING || process.failedReason !== null) ? last.state : null;
  const testProcess: TestProcess = {
    processId: process.processId,
    status: process.status,
    state: failedOrWaiting ?? recovered.result.state,
    log: process.rows.map((r) => ({ name: r.name, status: r.status, state: r.state })),
    lastStep: process.lastStep,
    assignee: process.assignee,
    failedReason: process.failedReason,
    traceback: process.traceback,
    logLines: [...logLines],
    branches: Object.fromEntries([...record.branches].map(([key, branch]) => [key, view(branch)])),
  };
  records.set(testProcess, record);
  return testProcess;
}

function recordOf(p: TestProcess): ProcessRecord {
  const record = records.get(p);
  if (!record) throw new TypeError('Not a process of the testing helpers: pass what runWorkflow returned');
  return record;
}

/**
 * Without an application the helpers have no products, so no subscriptions: say so when a step reaches for them.
 */
const subscriptionsUnavailable = new Proxy({} as SubscriptionRepository, {
  get(_target, property) {
    // Inspection (console.log, jest's printing, `await`) looks for symbols, `then` and `toJSON`: answer it quietly.
    if (typeof property === 'symbol' || property === 'then' || property === 'toJSON') return undefined;
    throw new Error(
      `ctx.subscriptions.${String(property)} needs the application's products: ` +
        'pass it to the testing helpers, testing.runWorkflow(workflow, pages, { app })',
    );
  },
});

/**
 * Run steps until the process stops (completed, suspended, awaiting, failed, waiting, aborted), applying each
 * checkpoint exactly as the durable runtime does, one step at a time. Never retries by itself.
 */
async function drive(record: ProcessRecord): Promise<void> {
  const { process, logLines, store } = record;
  const signal = new AbortController().signal;
  // The helpers never wait: a sleeping step (sleepStep) runs again at once with the clock at its wake time.
  let wokenAt: number | undefined;
  for (;;) {
    const snapshot = snapshotOf(process);
    const plan = planStep(process.workflow, snapshot);
    if (plan.kind === 'idle') return;
    if (process.status !== ProcessStatus.RUNNING) process.status = ProcessStatus.RUNNING;
    const ctx: StepContext = {
      processId: process.processId,
      workflowKey: process.workflow.key,
      user: process.actingUser,
      signal,
      log: collectingLogger(logLines),
      subscriptions: store ? store.subscriptionsFor(process.processId, process.workflow) : subscriptionsUnavailable,
    };
    const startedAt = Math.max(nowSeconds(), wokenAt ?? 0);
    let ran = await runStep(plan, ctx, { now: startedAt, newToken: newUrlSafeToken });
    if (plan.kind !== 'definition-changed' && plan.entry.step.parallel && ran.status === StepStatusValue.SUCCESS) {
      ran = await runBranches(record, plan);
    }
    const outcome = store ? await store.saveModels(process.processId, process.workflow, ran) : ran;
    const checkpoint = checkpointOf(process.workflow, snapshot, plan, outcome, {
      startedAt,
      now: Math.max(nowSeconds(), startedAt),
    });
    wokenAt = checkpoint.wakeAt;
    applyLoggedStep(process, checkpoint, checkpoint.position);
    assertRecoverable(process);
    if (checkpoint.next === null) return;
  }
}

/**
 * A parallel step in memory: its branches run one after the other, each as a process of its own (as the durable
 * runtime runs them), from the fork state; on a retry only the failed ones run again. The outcome is the join's
 * (`settleBranches`). A branch that stops without completing or failing (waiting, awaiting a callback) cannot be
 * driven on from here: that is refused with a clear error.
 */
async function runBranches(
  record: ProcessRecord,
  plan: Extract<StepPlan, { kind: 'execute' | 'retry' | 'resume' }>,
): Promise<StepResult> {
  const { process } = record;
  const parallelStep = plan.entry.step;
  const branches = parallelStep.parallel?.branches ?? [];
  for (const branch of branches) {
    const key = `${parallelStep.name}${BRANCH_KEY_SEPARATOR}${branch.name}`;
    let child = record.branches.get(key);
    if (!child) {
      const branchProcess = newMemoryProcess(
        branchWorkflowOf(process.workflow, parallelStep, branch),
        randomUUID(),
        process.actingUser,
      );
      branchProcess.inputStates.push({ type: 'initial_state', state: plan.state, time: nowSeconds() });
      child = { process: branchProcess, logLines: record.logLines, store: record.store, branches: new Map() };
      record.branches.set(key, child);
      await drive(child);
    } else if (plan.kind === 'retry' && isFailedStatus(child.process.status)) {
      child.process.inputStates.push({ type: 'user_input', state: {}, time: nowSeconds() });
      child.process.status = ProcessStatus.RESUMED;
      child.process.attempt += 1;
      await drive(child);
    }
  }
  const progress = branches.map((branch) => {
    const child = record.branches.get(`${parallelStep.name}${BRANCH_KEY_SEPARATOR}${branch.name}`)!.process;
    return {
      branch: branch.name,
      status: child.status,
      state: recover(child.workflow, child.rows).result.state,
      failedReason: child.failedReason,
      lastStep: child.lastStep,
    };
  });
  const settled = settleBranches(parallelStep, plan.state, progress);
  if (settled.kind === 'running') {
    const stuck = progress.filter((p) => settled.running.includes(p.branch));
    throw new Error(
      `Parallel step "${parallelStep.name}": branch ${stuck.map((p) => `"${p.branch}" is ${p.status}`).join(', ')}; ` +
        'the in-memory testing helpers run branches until they complete or fail only',
    );
  }
  return settled.result;
}

/**
 * The stored position must be what positional recovery from the rows computes: the invariant that lets a
 * process continue after any crash. Checked after every step here, so engine tests catch a violation.
 */
function assertRecoverable(process: MemoryProcess): void {
  const recovered = recover(process.workflow, process.rows);
  const done = process.status === ProcessStatus.COMPLETED || process.status === ProcessStatus.ABORTED;
  if (!done && recovered.position !== process.position) {
    throw new Error(
      `Engine invariant broken: stored position ${process.position}, recovered position ${recovered.position} ` +
        `(rows: ${process.rows.map((r) => `${r.name}:${r.status}`).join(', ')})`,
    );
  }
}

export interface RunOptions {
  /**
   * The application the workflow belongs to (`defineOrchestrator`'s result): its products give the workflow
   * `ctx.subscriptions` and its forms the subscription lookups, in a throwaway database (see
   * {@link closeTestDatabases}).
   */
  readonly app?: TestApplication;
}

/** Start a workflow with the initial form's answers (default `[{}]`) and run it until it stops. */
export async function runWorkflow(wf: Workflow, pages: State[] = [{}], opts: RunOptions = {}): Promise<TestProcess> {
  const processId = randomUUID();
  const store = opts.app ? await storeFor(opts.app) : null;
  const formContext = store ? await store.formContext() : undefined;
  const initialState = await prepareStart(wf, { processId, user: SYSTEM_USER, userModel: null, pages, formContext });
  await store?.addProcess(processId, wf, SYSTEM_USER);
  const process = newMemoryProcess(wf, processId, SYSTEM_USER);
  process.inputStates.push({ type: 'initial_state', state: initialState, time: nowSeconds() });
  const record: ProcessRecord = { process, logLines: [], store, branches: new Map() };
  await drive(record);
  return view(record);
}

/**
 * Resume a suspended process with the answers to its form, or retry a failed or waiting one (pages ignored),
 * or continue an awaiting one without callback data; then run until it stops. `opts.workflow` resumes with a new
 * version of the workflow, as after a deployment.
 */
export async function resumeWorkflow(
  p: TestProcess,
  pages: State[] = [],
  opts: { workflow?: Workflow } = {},
): Promise<TestProcess> {
  const record = recordOf(p);
  const { process } = record;
  if (opts.workflow) process.workflow = opts.workflow;
  const recovery = recover(process.workflow, process.rows);
  const formContext = record.store ? await record.store.formContext() : undefined;
  const userInput = await prepareResume(process.workflow, {
    status: process.status,
    recovery,
    userModel: null,
    pages,
    formContext,
  });
  process.inputStates.push({ type: 'user_input', state: userInput, time: nowSeconds() });
  process.status = ProcessStatus.RESUMED;
  process.actingUser = SYSTEM_USER;
  process.attempt += 1;
  await drive(record);
  return view(record);
}

/** Post a callback body to a process awaiting a callback (as the external system would), then run on. */
export async function callback(p: TestProcess, body: State): Promise<TestProcess> {
  const record = recordOf(p);
  const { process } = record;
  const lastRow = process.rows[process.rows.length - 1] ?? null;
  const token = lastRow?.state[InternalKey.CALLBACK_TOKEN];
  const awaiting = checkCallback(process.status, lastRow, typeof token === 'string' ? token : '');
  process.rows[process.rows.length - 1] = { ...awaiting, state: callbackResultState(awaiting, body) };
  process.status = ProcessStatus.RESUMED;
  process.attempt += 1;
  await drive(record);
  return view(record);
}

/** Report progress to a process awaiting a callback; it keeps awaiting. */
export async function callbackProgress(p: TestProcess, progress: unknown): Promise<TestProcess> {
  const record = recordOf(p);
  const { process } = record;
  const lastRow = process.rows[process.rows.length - 1] ?? null;
  const token = lastRow?.state[InternalKey.CALLBACK_TOKEN];
  const awaiting = checkCallback(process.status, lastRow, typeof token === 'string' ? token : '');
  process.rows[process.rows.length - 1] = { ...awaiting, state: callbackProgressState(awaiting, progress) };
  return view(record);
}

/** Let an awaited callback time out now, as the timeout sweep does when it is overdue. */
export async function timeoutCallback(p: TestProcess): Promise<TestProcess> {
  const record = recordOf(p);
  const logged = callbackTimeoutCheckpoint(snapshotOf(record.process), nowSeconds());
  if (logged) applyLoggedStep(record.process, logged);
  return view(record);
}

/** Abort the process (a no-op once completed). */
export async function abortWorkflow(p: TestProcess): Promise<TestProcess> {
  const record = recordOf(p);
  const { process } = record;
  const logged = abortCheckpoint(snapshotOf(process), nowSeconds());
  if (logged) {
    applyLoggedStep(process, logged);
    process.attempt += 1;
  }
  return view(record);
}
