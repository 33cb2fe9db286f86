/**
 * @wfo/engine: the pure step engine. It decides; it never persists, enqueues, reads a clock or draws random
 * numbers (those are the runtime's job, and inputs here). Both the durable runtime and the in-memory testing
 * helpers run processes through these same functions: `planStep` → `runStep` → `checkpointOf`.
 *
 * @example
 * const hello = workflow({ key: 'hello' }, steps(init, step('Greet', () => ({ greeting: 'hi' })), done));
 */
export type { State } from './state';
export {
  Assignee,
  FAILED_STATUSES,
  MOVING_STATUSES,
  ProcessStatus,
  RESUMABLE_STATUSES,
  StepStatus,
  SYSTEM_USER,
  Target,
  isClearedStepStatus,
  isFailedStatus,
  isResumable,
} from './statuses';
export {
  abortResult,
  aborted,
  awaitingCallback,
  canContinue,
  complete,
  failed,
  processStatusOf,
  skipped,
  success,
  suspend,
  waiting,
  type StepResult,
} from './step-result';
export {
  ApiUnavailableError,
  InconsistentDataError,
  ProcessFailureError,
  WorkflowDefinitionChangedError,
  httpStatusOf,
  toErrorState,
} from './errors';
export {
  CALLBACK_PROGRESS_KEY,
  DEFAULT_CALLBACK_RESULT_KEY,
  DEFAULT_CALLBACK_ROUTE_KEY,
  InternalKey,
} from './internal-keys';
export { deepMerge, isPlainObject, jsonEqual, toJsonState } from './merge';
export type { Logger, StepContext, StepEnvironment, StepServices } from './step-context';
export {
  builtinStep,
  inputStep,
  isStep,
  retryStep,
  step,
  type InputStepOptions,
  type Step,
  type StepFunction,
  type StepGroupDefinition,
  type StepKind,
  type StepOutput,
  type StepRunner,
  STEP_NAME_LENGTH,
} from './step';
export { StepList, isStepList, steps, toStepList } from './step-list';
export {
  CALLBACK_TIMED_OUT,
  USER_ABORTED_STEP_NAME,
  WORKFLOW_DEFINITION_CHANGED,
  WORKFLOW_REMOVED,
  isAdministrativeRow,
  abort,
  begin,
  done,
  init,
} from './builtin-steps';
export { stepGroup, type StepGroupOptions } from './step-group';
export { callbackStep, type CallbackStepOptions } from './callback-step';
export { conditional } from './conditional';
export { focusSteps } from './focus-steps';
export {
  allowAll,
  effectiveAuthorizers,
  type AuthorizationAction,
  type AuthorizationContext,
  type Authorizer,
  type User,
} from './authorization';
export {
  task,
  workflow,
  type RunPredicate,
  type RunPredicateContext,
  type RunPredicateResult,
  type BranchOf,
  type Workflow,
  type WorkflowOptions,
} from './workflow';
export { flatIndexOfTop, planOf, rowNameOf, type PlanEntry, type PlanGroup, type WorkflowPlan } from './plan';
export {
  FAILED_REASON_LENGTH,
  TRACEBACK_LENGTH,
  logStep,
  taskFailureKind,
  type LogStepInput,
  type LoggedStep,
  type ProcessStepUpdate,
  type StepRowRecord,
  type StepRowWrite,
} from './step-row';
export { definitionChangedMessage, recover, type Recovery } from './recover';
export { locateByName, stepGoneMessage, type Location } from './locate-by-name';
export { definitionHash } from './definition-hash';
export { joinBranchStates, type BranchJoin } from './branch-join';
export { BRANCH_KEY_SEPARATOR, parallel, type ParallelBranch, type ParallelDefinition } from './parallel-step';
export { branchWorkflowKey, branchWorkflowOf, parallelStepsOf, resolveBranchWorkflow } from './branch-workflow';
export { isStoppedBranchStatus, settleBranches, type BranchProgress, type BranchSettlement } from './branch-settlement';
export { isAsleep, sleepStep, wakeTimeOf, type SleepDuration } from './sleep-step';
export { lastRowsOf, type ProcessSnapshot } from './process-snapshot';
export {
  RUNNABLE_STATUSES,
  checkpointOf,
  isRunnableStatus,
  planStep,
  runStep,
  type Checkpoint,
  type StepPlan,
} from './advance';
export {
  InvalidCallbackTokenError,
  NotAuthorizedError,
  NotAwaitingCallbackError,
  ProcessNotFoundError,
  ProcessNotResumableError,
  ProcessOperationError,
  RunPredicateFailedError,
  WorkflowNotFoundError,
  WorkflowRemovedError,
} from './operation-errors';
export { prepareStart, type StartInput } from './start-process';
export { pendingForm, prepareResume, stepsPassedAndCurrent, type ResumeInput } from './resume-process';
export {
  abortCheckpoint,
  acceptsEarlyCallback,
  callbackProgressState,
  callbackResultState,
  callbackTimeoutCheckpoint,
  checkCallback,
  constantTimeEqual,
  isCallbackOverdue,
} from './process-operations';
export {
  FormNotCompleteError,
  FormOverflowError,
  FormNeedsAsyncError,
  FormValidationError,
  ask,
  firstFormPage,
  formPageSchema,
  isFormLoad,
  isFormPage,
  load,
  postForm,
  postFormAsync,
  runForm,
  validateFormPage,
  validateFormPageAsync,
  type Form,
  type FormContext,
  type FormServices,
  type FormErrorEntry,
  type FormGenerator,
  type FormLoad,
  type FormPage,
  type JsonSchema,
} from './forms';
