import { ProcessOperationError } from '@wfo/engine';

export class ScheduleNotFoundError extends ProcessOperationError {
  override readonly name = 'ScheduleNotFoundError';
  constructor() {
    super('Schedule does not exist', 404);
  }
}

export class TaskNotFoundError extends ProcessOperationError {
  override readonly name = 'TaskNotFoundError';
  constructor() {
    super('Task does not exist', 404);
  }
}

/** Bad trigger arguments (orchestrator-core answers 422 for a payload that does not validate). */
export class ScheduleTriggerError extends ProcessOperationError {
  override readonly name = 'ScheduleTriggerError';
  constructor(message: string) {
    super(message, 422);
  }
}

export class ScheduleNotAuthorizedError extends ProcessOperationError {
  override readonly name = 'ScheduleNotAuthorizedError';
  constructor(task: string) {
    super(`User is not authorized to manage schedule with '${task}' task`, 403);
  }
}

/** A schedule declared in code is changed in code, not through the API (the next start would undo the change). */
export class DeclaredScheduleError extends ProcessOperationError {
  override readonly name = 'DeclaredScheduleError';
  constructor() {
    super('This schedule is declared in the application code: change it there', 409);
  }
}
