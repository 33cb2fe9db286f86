/**
 * The internal state keys of orchestrator-core (reference §1.5). Steps return them to steer how their row is
 * written; the engine removes the steering keys before the state is stored.
 */
export const InternalKey = {
  /** Row name to use instead of the step's name (step groups). Removed before storing. */
  STEP_NAME_OVERRIDE: '__step_name_override',
  /** Overwrite the newest step row instead of inserting one. Removed before storing. */
  REPLACE_LAST_STATE: '__replace_last_state',
  /** State keys to delete before storing; removed itself. */
  REMOVE_KEYS: '__remove_keys',
  /** Epoch seconds at which the step started; becomes `process_steps.started_at`. */
  LAST_STEP_STARTED_AT: '__last_step_started_at',
  /** The step group the process is in, and its last executed sub-step. */
  STEP_GROUP: '__step_group',
  SUB_STEP: '__sub_step',
  /** Callback bookkeeping. */
  CALLBACK_TOKEN: '__callback_token',
  CALLBACK_RESULT_KEY: '__callback_result_key',
  CALLBACK_TIMEOUT: '__callback_timeout',
  /** Epoch seconds a sleeping step wakes at (`sleepStep`); removed when it wakes. */
  SLEEP_UNTIL: '__sleep_until',
  /** Subscription backups made by `unsync`. */
  OLD_SUBSCRIPTIONS: '__old_subscriptions__',
} as const;

/** Public callback keys. */
export const DEFAULT_CALLBACK_ROUTE_KEY = 'callback_route';
export const DEFAULT_CALLBACK_RESULT_KEY = 'callback_result';
export const CALLBACK_PROGRESS_KEY = 'callback_progress';
