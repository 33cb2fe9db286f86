/**
 * Why an operation on a process was refused. Each carries the HTTP status orchestrator-core answers with, so the
 * server maps them without knowing the rules, and the testing helpers throw the very same errors.
 */
export class ProcessOperationError extends Error {
  constructor(
    message: string,
    readonly httpStatus: number,
  ) {
    super(message);
  }
}

export class WorkflowNotFoundError extends ProcessOperationError {
  override readonly name = 'WorkflowNotFoundError';
  constructor(message = 'Workflow does not exist') {
    super(message, 404);
  }
}

export class ProcessNotFoundError extends ProcessOperationError {
  override readonly name = 'ProcessNotFoundError';
  constructor(processId: string) {
    super(`Process with process_id ${processId} not found`, 404);
  }
}

export class NotAuthorizedError extends ProcessOperationError {
  override readonly name = 'NotAuthorizedError';
  constructor(message: string) {
    super(message, 403);
  }
}

export class RunPredicateFailedError extends ProcessOperationError {
  override readonly name = 'RunPredicateFailedError';
  constructor(
    readonly workflowKey: string,
    message: string,
  ) {
    super(message, 412);
  }
}

export class ProcessNotResumableError extends ProcessOperationError {
  override readonly name = 'ProcessNotResumableError';
  constructor(status: string) {
    super(`Resuming a ${status} workflow is not possible`, 409);
  }
}

export class NotAwaitingCallbackError extends ProcessOperationError {
  override readonly name = 'NotAwaitingCallbackError';
  constructor() {
    super('This process is not in an awaiting state.', 409);
  }
}

export class InvalidCallbackTokenError extends ProcessOperationError {
  override readonly name = 'InvalidCallbackTokenError';
  constructor() {
    super('Invalid token', 404);
  }
}

export class WorkflowRemovedError extends ProcessOperationError {
  override readonly name = 'WorkflowRemovedError';
  constructor(action: 'started' | 'resumed') {
    super(`This workflow cannot be ${action} because it has been removed`, 400);
  }
}
