import type { RedisConnection } from '../redis-connection';
import type { StepObserver } from '../step-observer';

/** Upper bounds (seconds) of the step duration histogram's buckets; `+Inf` is implied. */
export const STEP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

/** Redis hashes holding the counters every worker adds to (under the queue prefix: one slot in a cluster). */
export const metricsKeys = (prefix: string) => ({
  /** field `[workflow, step, bucketIndex | "sum" | "count"]` → count (sum: seconds). */
  stepSeconds: `${prefix}:metrics:step-seconds`,
  /** field `[workflow, step, status]` → count. */
  steps: `${prefix}:metrics:steps`,
  /** field `action` (`requeued`, `timed_out`) → count. */
  reconciler: `${prefix}:metrics:reconciler`,
});

/**
 * Step and reconciler counters of a worker, aggregated in Redis so that `GET /api/metrics` on any API instance
 * shows the whole deployment (workers have no HTTP port). A step only adds to in-memory counters; they are sent
 * every `flushMs` in one pipelined round trip.
 */
export class StepMetricsRecorder {
  private readonly counts = new Map<string, number>();
  private readonly sums = new Map<string, number>();
  private readonly stepCounts = new Map<string, number>();
  private readonly reconciler = new Map<string, number>();
  private timer: NodeJS.Timeout | null = null;
  private readonly keys: ReturnType<typeof metricsKeys>;

  constructor(
    private readonly redis: RedisConnection,
    prefix: string,
    private readonly onError: (err: unknown) => void = () => undefined,
    private readonly flushMs = 1_000,
  ) {
    this.keys = metricsKeys(prefix);
  }

  /** The observer recording each step's duration and resulting step status. */
  observer(): StepObserver {
    return {
      stepStarted: (step) => (end) => {
        if (end.outcome.kind === 'stale' || end.outcome.kind === 'idle' || end.outcome.kind === 'paused') return;
        this.recordStep(step.workflowKey, step.stepName, end.stepStatus, end.durationMs / 1000);
      },
    };
  }

  recordStep(workflowKey: string, stepName: string, status: string, seconds: number): void {
    let bucket = STEP_DURATION_BUCKETS.findIndex((le) => seconds <= le);
    if (bucket === -1) bucket = STEP_DURATION_BUCKETS.length;
    add(this.counts, JSON.stringify([workflowKey, stepName, bucket]), 1);
    add(this.sums, JSON.stringify([workflowKey, stepName]), seconds);
    add(this.stepCounts, JSON.stringify([workflowKey, stepName, status]), 1);
    this.schedule();
  }

  /** What a reconciler run did (`requeued`, `timed_out`). */
  recordReconcile(action: string, count: number): void {
    if (count <= 0) return;
    add(this.reconciler, action, count);
    this.schedule();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => void this.flush().catch(this.onError), this.flushMs);
    this.timer.unref();
  }

  async flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (this.counts.size + this.sums.size + this.stepCounts.size + this.reconciler.size === 0) return;
    const pipeline = this.redis.pipeline();
    for (const [field, n] of this.counts) pipeline.hincrby(this.keys.stepSeconds, field, n);
    for (const [field, seconds] of this.sums) {
      const [workflowKey, stepName] = JSON.parse(field) as [string, string];
      pipeline.hincrbyfloat(this.keys.stepSeconds, JSON.stringify([workflowKey, stepName, 'sum']), seconds);
    }
    for (const [field, n] of this.stepCounts) pipeline.hincrby(this.keys.steps, field, n);
    for (const [action, n] of this.reconciler) pipeline.hincrby(this.keys.reconciler, action, n);
    this.counts.clear();
    this.sums.clear();
    this.stepCounts.clear();
    this.reconciler.clear();
    await pipeline.exec();
  }

  async close(): Promise<void> {
    await this.flush().catch(this.onError);
  }
}

function add(map: Map<string, number>, key: string, n: number): void {
  map.set(key, (map.get(key) ?? 0) + n);
}

/** One step's histogram, as read back for `/api/metrics`: bucket counts (not cumulative), sum and count. */
export interface StepHistogram {
  readonly workflowKey: string;
  readonly stepName: string;
  readonly buckets: number[];
  sum: number;
}

export interface DeploymentMetrics {
  readonly histograms: StepHistogram[];
  readonly steps: Array<{ workflowKey: string; stepName: string; status: string; count: number }>;
  readonly reconciler: Record<string, number>;
}

/** Read the counters every worker added to. */
export async function readDeploymentMetrics(redis: RedisConnection, prefix: string): Promise<DeploymentMetrics> {
  const keys = metricsKeys(prefix);
  const [seconds, steps, reconciler] = await Promise.all([
    redis.hgetall(keys.stepSeconds),
    redis.hgetall(keys.steps),
    redis.hgetall(keys.reconciler),
  ]);
  const histograms = new Map<string, StepHistogram>();
  const histogramOf = (workflowKey: string, stepName: string) => {
    const id = JSON.stringify([workflowKey, stepName]);
    let h = histograms.get(id);
    if (!h) {
      h = { workflowKey, stepName, buckets: new Array<number>(STEP_DURATION_BUCKETS.length + 1).fill(0), sum: 0 };
      histograms.set(id, h);
    }
    return h;
  };
  for (const [field, value] of Object.entries(seconds)) {
    const [workflowKey, stepName, slot] = JSON.parse(field) as [string, string, number | 'sum'];
    const h = histogramOf(workflowKey, stepName);
    if (slot === 'sum') h.sum = Number(value);
    else h.buckets[slot] = Number(value);
  }
  return {
    histograms: [...histograms.values()],
    steps: Object.entries(steps).map(([field, value]) => {
      const [workflowKey, stepName, status] = JSON.parse(field) as [string, string, string];
      return { workflowKey, stepName, status, count: Number(value) };
    }),
    reconciler: Object.fromEntries(Object.entries(reconciler).map(([k, v]) => [k, Number(v)])),
  };
}
