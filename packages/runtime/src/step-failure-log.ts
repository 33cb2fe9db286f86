import { StepStatus, type Logger } from '@wfo/engine';
import type { StepObserver } from './step-observer';

/**
 * Logs every step that fails: at `warn` when the step (and the process) failed, at `info` when a retry step failed
 * and waits to be retried. Each line names the process, workflow and step, and the error's class and message, so an
 * operator sees a failure in the worker's log without opening the API.
 */
export function stepFailureLog(logger: Logger): StepObserver {
  return {
    stepStarted(step) {
      return (end) => {
        if (!end.error) return;
        const fields = {
          processId: step.processId,
          workflowKey: step.workflowKey,
          stepName: step.stepName,
          errorClass: end.error.class,
          error: end.error.message,
        };
        if (end.stepStatus === StepStatus.WAITING) {
          const attempts = end.outcome.kind === 'waiting' ? end.outcome.attempts : step.attemptsMade + 1;
          logger.info('Retry step failed; waiting to be retried', { ...fields, attempts });
        } else {
          logger.warn('Step failed', fields);
        }
      };
    },
  };
}
