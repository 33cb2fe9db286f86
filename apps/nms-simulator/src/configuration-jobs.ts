import { randomUUID } from 'node:crypto';
import type { ConfigurationTarget, Network } from './network';

export interface ConfigurationJob {
  readonly job_id: string;
  readonly target: ConfigurationTarget;
  readonly configuration: Record<string, unknown>;
  readonly callback_url: string;
  status: 'running' | 'completed' | 'failed';
  /** Set when the job ended: whether its callback was delivered (the orchestrator answered 2xx). */
  callback_delivered: boolean | null;
  error: string | null;
}

export interface JobTiming {
  /** How long a job takes. */
  readonly durationMs: number;
  /** Pause between attempts to deliver a callback the orchestrator did not accept. */
  readonly callbackRetryMs: number;
  readonly callbackAttempts: number;
}

type Poster = (url: string, body: unknown) => Promise<number>;

/** POST JSON, resolving with the status (0 when the orchestrator could not be reached). */
export const postJson: Poster = async (url, body) => {
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(10_000),
    });
    await response.arrayBuffer();
    return response.status;
  } catch {
    return 0;
  }
};

/**
 * Configuration jobs: accepted at once, they report progress half-way (`<callback_url>/progress`) and call
 * `<callback_url>` when done, with `{job_id, status: 'completed'}` or `{job_id, status: 'failed', error}`. Whether
 * a job fails is decided when it is accepted (the fault settings of that moment).
 */
export class ConfigurationJobs {
  private readonly jobs = new Map<string, ConfigurationJob>();
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(
    private readonly network: Network,
    private readonly timing: () => JobTiming,
    private readonly post: Poster = postJson,
  ) {}

  start(
    input: { target: ConfigurationTarget; configuration: Record<string, unknown>; callback_url: string },
    fail: boolean,
  ): ConfigurationJob {
    this.network.assertTarget(input.target);
    const job: ConfigurationJob = {
      job_id: randomUUID(),
      ...input,
      status: 'running',
      callback_delivered: null,
      error: null,
    };
    this.jobs.set(job.job_id, job);
    const { durationMs } = this.timing();
    this.after(durationMs / 2, () =>
      this.post(`${job.callback_url}/progress`, {
        job_id: job.job_id,
        percent: 50,
        message: `Pushing the configuration to ${job.target.kind} ${job.target.id}`,
      }),
    );
    this.after(durationMs, () => this.finish(job, fail));
    return job;
  }

  job(id: string): ConfigurationJob | undefined {
    return this.jobs.get(id);
  }

  list(): ConfigurationJob[] {
    return [...this.jobs.values()];
  }

  /** Stop every pending timer (shutdown). */
  stop(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private after(ms: number, fn: () => unknown): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      void fn();
    }, ms);
    this.timers.add(timer);
  }

  private async finish(job: ConfigurationJob, fail: boolean): Promise<void> {
    if (fail) {
      job.status = 'failed';
      job.error = `Device rejected the configuration of ${job.target.kind} ${job.target.id} (simulated failure)`;
    } else if (this.network.applyConfiguration(job.target, job.configuration)) {
      job.status = 'completed';
    } else {
      job.status = 'failed';
      job.error = `${job.target.kind} ${job.target.id} was removed while it was being configured`;
    }
    const body =
      job.status === 'completed'
        ? { job_id: job.job_id, status: 'completed' }
        : { job_id: job.job_id, status: 'failed', error: job.error };
    const { callbackAttempts, callbackRetryMs } = this.timing();
    for (let attempt = 1; attempt <= callbackAttempts; attempt++) {
      const status = await this.post(job.callback_url, body);
      // 2xx: delivered. 4xx: the orchestrator does not want it (aborted process, used token): retrying cannot help.
      if (status >= 200 && status < 500) {
        job.callback_delivered = status < 300;
        return;
      }
      if (attempt < callbackAttempts) await new Promise((resolve) => this.after(callbackRetryMs, () => resolve(null)));
    }
    job.callback_delivered = false;
  }
}
