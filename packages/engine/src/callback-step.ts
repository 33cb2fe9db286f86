import { DEFAULT_CALLBACK_RESULT_KEY, DEFAULT_CALLBACK_ROUTE_KEY, InternalKey } from './internal-keys';
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

/**
 * An asynchronous step: a step group of "Create endpoint" (a fresh token and the route
 * `/api/processes/{id}/callback/{token}`), the action, "Await callback" (the process becomes `awaiting_callback`),
 * the validation and "Cleanup callback step" (removes the token) (reference §1.3).
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
      const extra: Record<string, unknown> = {};
      if (opts.resultKey) extra[InternalKey.CALLBACK_RESULT_KEY] = opts.resultKey;
      if (opts.timeoutSeconds !== undefined) extra[InternalKey.CALLBACK_TIMEOUT] = opts.timeoutSeconds;
      if (env.earlyCallback) {
        // The answer came before the wait began: take it and go on, as if it had arrived while waiting.
        return success({ ...state, ...extra, [opts.resultKey ?? DEFAULT_CALLBACK_RESULT_KEY]: env.earlyCallback.body });
      }
      return awaitingCallback({ ...state, ...extra });
    }),
    role: 'await-callback',
  };
  const cleanup = builtinStep(`${name} - Cleanup callback step`, (state) =>
    success({ ...state, [InternalKey.REMOVE_KEYS]: [InternalKey.CALLBACK_TOKEN] }),
  );
  return stepGroup(name, steps(createEndpoint, opts.action, awaitCallback, opts.validate, cleanup));
}
