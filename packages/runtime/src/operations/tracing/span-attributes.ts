/** Span attributes WFO's spans carry (WFO's own namespace, beside OpenTelemetry's conventions). */
export const WFO_ATTRIBUTES = {
  workflowKey: 'wfo.workflow.key',
  processId: 'wfo.process.id',
  stepName: 'wfo.step.name',
  stepPosition: 'wfo.step.position',
  stepAttempt: 'wfo.step.attempt',
  jobAttemptsMade: 'wfo.job.attempts_made',
  stepOutcome: 'wfo.step.outcome',
  stepStatus: 'wfo.step.status',
} as const;
