import { ProcessOperationError } from '@wfo/engine';

/** The engine is paused: no process may be started, resumed or called back (503, reference §1.14). */
export class EngineLockedError extends ProcessOperationError {
  override readonly name = 'EngineLockedError';
  constructor() {
    super('Engine is locked cannot accept changes on processes at this time', 503);
  }
}

/** The process changed while the request was being handled (another resume, an abort): try again. */
export class ProcessChangedError extends ProcessOperationError {
  override readonly name = 'ProcessChangedError';
  constructor() {
    super('The process changed meanwhile; reload it and try again', 409);
  }
}

/** Only tasks can be deleted (reference §1.8). */
export class NotATaskError extends ProcessOperationError {
  override readonly name = 'NotATaskError';
  constructor() {
    super('Only tasks can be deleted', 400);
  }
}

/** A resume-all is already running somewhere (reference §1.8). */
export class ResumeAllRunningError extends ProcessOperationError {
  override readonly name = 'ResumeAllRunningError';
  constructor() {
    super('Another request to resume all processes is in progress', 409);
  }
}
