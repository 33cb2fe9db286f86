export {
  abortWorkflow,
  callback,
  callbackProgress,
  closeTestDatabases,
  resumeWorkflow,
  runWorkflow,
  timeoutCallback,
  type RunOptions,
  type TestProcess,
} from './testing-helpers';
export type { LogLine } from './test-logger';
export type { TestApplication } from './test-subscription-store';
