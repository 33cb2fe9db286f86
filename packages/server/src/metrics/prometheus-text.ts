import { STEP_DURATION_BUCKETS, type DeploymentMetrics } from '@wfo/runtime';

/** Prometheus text for a label value: backslash, quote and newline escaped. */
const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
const labels = (pairs: Record<string, string>) =>
  `{${Object.entries(pairs)
    .map(([k, v]) => `${k}="${escape(v)}"`)
    .join(',')}}`;

/**
 * The deployment-wide counters the workers keep in Redis, in Prometheus text format: the step duration histogram
 * per workflow and step, steps by resulting status, and the reconciler's actions.
 */
export function deploymentMetricsText(m: DeploymentMetrics): string {
  const lines: string[] = [];
  lines.push('# HELP wfo_step_duration_seconds How long steps ran, per workflow and step (all workers).');
  lines.push('# TYPE wfo_step_duration_seconds histogram');
  for (const h of m.histograms) {
    const base = { workflow: h.workflowKey, step: h.stepName };
    let cumulative = 0;
    STEP_DURATION_BUCKETS.forEach((le, i) => {
      cumulative += h.buckets[i] ?? 0;
      lines.push(`wfo_step_duration_seconds_bucket${labels({ ...base, le: String(le) })} ${cumulative}`);
    });
    cumulative += h.buckets[STEP_DURATION_BUCKETS.length] ?? 0;
    lines.push(`wfo_step_duration_seconds_bucket${labels({ ...base, le: '+Inf' })} ${cumulative}`);
    lines.push(`wfo_step_duration_seconds_sum${labels(base)} ${h.sum}`);
    lines.push(`wfo_step_duration_seconds_count${labels(base)} ${cumulative}`);
  }
  lines.push('# HELP wfo_steps_total Steps run, per workflow, step and resulting step status (all workers).');
  lines.push('# TYPE wfo_steps_total counter');
  for (const s of m.steps) {
    lines.push(`wfo_steps_total${labels({ workflow: s.workflowKey, step: s.stepName, status: s.status })} ${s.count}`);
  }
  lines.push('# HELP wfo_reconciler_actions_total What the reconcilers did: requeued processes, timed-out callbacks.');
  lines.push('# TYPE wfo_reconciler_actions_total counter');
  for (const action of ['requeued', 'timed_out']) {
    lines.push(`wfo_reconciler_actions_total${labels({ action })} ${m.reconciler[action] ?? 0}`);
  }
  return `${lines.join('\n')}\n`;
}
