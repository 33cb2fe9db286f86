import { DEFAULT_CALLBACK_RESULT_KEY, DEFAULT_CALLBACK_ROUTE_KEY, InternalKey } from './internal-keys';
import type { State } from './state';
import { builtinStep, type Step } from './step';
import { stepGroup } from './step-group';
import { steps } from './step-list';
import { awaitingCallback, success } from './step-result';

export interface CallbackStepOptions {
  /** Performs the side effect on the external system (it reads the callback route from the state). */
  action: Step;
  /** Checks the data the external system posted back. */
  validate: Step;
  /** Where the posted JSON goes in the state. @defaultValue 'callback_result' */
  resultKey?: string;
  /** Where the callback route goes in the state. @defaultValue 'callback_route' */
  routeKey?: string;
  /** Fail the process when no callback arrived this many seconds after the await began. */
  timeoutSeconds?: number;
}

/** The internal keys a callback step keeps while it runs; all are removed when it ends. */
const CALLBACK_BOOKKEEPING = [
  InternalKey.CALLBACK_TOKEN,
  InternalKey.CALLBACK_RESULT_KEY,
  InternalKey.CALLBACK_TIMEOUT,
] as const;

function withoutCallbackBookkeeping(state: State): State {
  const rest = { ...state };
  delete rest[InternalKey.CALLBACK_RESULT_KEY];
  delete rest[InternalKey.CALLBACK_TIMEOUT];
  return rest;
}

/**
 * An asynchronous step: a step group of "Create endpoint" (a fresh token and the route
 * `/api/processes/{id}/callback/{token}`), the action, "Await callback" (the process becomes `awaiting_callback`),
 * the validation and "Cleanup callback step" (removes the token, result key and timeout, so a later callback step
 * starts clean) (reference §1.3).
 */
export function callbackStep(name: string, opts: CallbackStepOptions): Step {
  const routeKey = opts.routeKey ?? DEFAULT_CALLBACK_ROUTE_KEY;
  if (opts.timeoutSeconds !== undefined && !(opts.timeoutSeconds > 0)) {
    throw new TypeError(`callbackStep "${name}": timeoutSeconds must be a positive number`);
  }
  const createEndpoint = builtinStep(`${name} - Create endpoint`, (state, env) => {
    const token = env.newToken();
    return success({
      ...state,
      [routeKey]: `/api/processes/${String(state.process_id)}/callback/${token}`,
      [InternalKey.CALLBACK_TOKEN]: token,
    });
  });
  const awaitCallback: Step = {
    ...builtinStep(`${name} - Await callback`, (state, env) => {
      // This step's own bookkeeping only: an earlier callback step's result key or timeout must not apply here.
      const awaiting = withoutCallbackBookkeeping(state);
      if (opts.resultKey) awaiting[InternalKey.CALLBACK_RESULT_KEY] = opts.resultKey;
      if (opts.timeoutSeconds !== undefined) awaiting[InternalKey.CALLBACK_TIMEOUT] = opts.timeoutSeconds;
      if (env.earlyCallback) {
        // The answer came before the wait began: take it and go on, as if it had arrived while waiting.
        return success({ ...awaiting, [opts.resultKey ?? DEFAULT_CALLBACK_RESULT_KEY]: env.earlyCallback.body });
      }
      return awaitingCallback(awaiting);
    }),
    role: 'await-callback',
  };
  const cleanup = builtinStep(`${name} - Cleanup callback step`, (state) =>
    success({ ...state, [InternalKey.REMOVE_KEYS]: [...CALLBACK_BOOKKEEPING] }),
  );
  return stepGroup(name, steps(createEndpoint, opts.action, awaitCallback, opts.validate, cleanup));
}
