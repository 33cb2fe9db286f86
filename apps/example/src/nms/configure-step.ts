import { callbackStep, step, type State, type Step } from '@wfo/core';
import { callNms } from './nms-client';
import { nmsSettings } from './nms-settings';

/** What a configuration job changes on the network, computed from the state. */
export interface ConfigurationRequest {
  readonly kind: 'device' | 'interface' | 'service';
  readonly id: string;
  readonly configuration: Record<string, unknown>;
}

/** What the NMS posts to the callback URL when a job ends. */
interface ConfigurationResult {
  readonly job_id?: string;
  readonly status?: 'completed' | 'failed';
  readonly error?: string;
}

/**
 * Push a configuration through the NMS and wait for its callback: the process is `awaiting_callback` (with the
 * NMS's progress reports under `callback_progress`) until the NMS posts the result. A failure it reports fails the
 * step; retrying it (API or UI) sends the configuration again, with a new callback URL.
 */
export function configureStep(name: string, request: (state: State) => ConfigurationRequest): Step {
  return callbackStep(name, {
    action: step(`${name}: send the job to the NMS`, async (state) => {
      const { kind, id, configuration } = request(state);
      const callback_url = `${nmsSettings().publicUrl}${String(state.callback_route)}`;
      const { body } = await callNms<{ job_id: string }>('POST', '/configurations', {
        target: { kind, id },
        configuration,
        callback_url,
      });
      return { configuration_job_id: body.job_id };
    }),
    validate: step(`${name}: check the result`, (state) => {
      const result = (state.callback_result ?? {}) as ConfigurationResult;
      const { kind, id } = request(state);
      if (result.status !== 'completed') {
        throw new Error(
          `The NMS could not configure ${kind} ${id}: ${result.error ?? JSON.stringify(result)} ` +
            `(job ${result.job_id ?? String(state.configuration_job_id)}). Retry to send the configuration again.`,
        );
      }
      return { configured: { kind, id, job_id: result.job_id } };
    }),
    timeoutSeconds: 600,
  });
}
