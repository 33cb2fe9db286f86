export {
  abortWorkflow,
  callback,
  callbackProgress,
  resumeWorkflow,
  runWorkflow,
  timeoutCallback,
  type TestProcess,
} from './testing-helpers';
export type { LogLine } from './test-logger';
