/**
 * @wfo/core: what WFO applications import. The authoring API (steps, workflows, forms), the testing helpers and
 * `defineOrchestrator`.
 *
 * @example
 * import { workflow, steps, init, step, done } from '@wfo/core';
 * export const hello = workflow({ key: 'hello' }, steps(init, step('Greet', () => ({ greeting: 'hi' })), done));
 */
export {
  ApiUnavailableError,
  Assignee,
  FormNotCompleteError,
  FormValidationError,
  InconsistentDataError,
  ProcessFailureError,
  ProcessStatus,
  StepList,
  StepStatus,
  Target,
  abort,
  begin,
  callbackStep,
  conditional,
  done,
  focusSteps,
  init,
  inputStep,
  retryStep,
  step,
  stepGroup,
  steps,
  task,
  workflow,
  type AuthorizationContext,
  type Authorizer,
  type Form,
  type FormGenerator,
  type FormPage,
  type Logger,
  type RunPredicate,
  type State,
  type Step,
  type StepContext,
  type StepFunction,
  type StepOutput,
  type User,
  type Workflow,
  type WorkflowOptions,
} from '@wfo/engine';
export { testing, type TestProcess } from '@wfo/runtime';
export { defineOrchestrator, isOrchestrator, type Orchestrator, type OrchestratorOptions } from './orchestrator';
