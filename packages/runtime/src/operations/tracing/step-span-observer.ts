import { ROOT_CONTEXT, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { StepObserver } from '../../step-observer';
import { WFO_ATTRIBUTES } from './span-attributes';
import { contextFromHeaders } from './w3c-trace-context';

/**
 * One CONSUMER span per step attempt, named like the step's job in the Bull dashboard (`<workflow key> › <step>`),
 * child of the process span whose `traceparent` the step job carries; a job without one (re-enqueued by the
 * reconciler, retried, resumed or started by a schedule) starts a trace of its own. A failed or waiting step is an
 * error span with the step's error.
 */
export function stepSpanObserver(tracer: Tracer): StepObserver {
  return {
    stepStarted(step) {
      const parent = step.traceparent ? contextFromHeaders({ traceparent: step.traceparent }) : ROOT_CONTEXT;
      const span = tracer.startSpan(
        `${step.workflowKey} › ${step.stepName}`,
        {
          kind: SpanKind.CONSUMER,
          startTime: step.startedAtMs,
          attributes: {
            [WFO_ATTRIBUTES.workflowKey]: step.workflowKey,
            [WFO_ATTRIBUTES.processId]: step.processId,
            [WFO_ATTRIBUTES.stepName]: step.stepName,
            [WFO_ATTRIBUTES.stepPosition]: step.position,
            [WFO_ATTRIBUTES.stepAttempt]: step.attempt,
            [WFO_ATTRIBUTES.jobAttemptsMade]: step.attemptsMade,
          },
        },
        parent,
      );
      return (end) => {
        span.setAttribute(WFO_ATTRIBUTES.stepOutcome, end.outcome.kind);
        span.setAttribute(WFO_ATTRIBUTES.stepStatus, end.stepStatus);
        if (end.error) {
          span.setStatus({ code: SpanStatusCode.ERROR, message: `${end.error.class}: ${end.error.message}` });
        } else if (end.outcome.kind === 'failed' || end.outcome.kind === 'waiting') {
          span.setStatus({ code: SpanStatusCode.ERROR, message: end.outcome.reason });
        }
        span.end(step.startedAtMs + end.durationMs);
      };
    },
  };
}
