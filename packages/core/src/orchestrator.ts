import type { Workflow } from '@wfo/engine';

/** What an application declares: its workflows (and later products, forms, schedules). */
export interface OrchestratorOptions {
  readonly workflows: readonly Workflow[];
}

/** A WFO application: the default export of the module given to `wfo api|worker|dev --app`. */
export interface Orchestrator {
  readonly kind: 'wfo-orchestrator';
  readonly workflows: readonly Workflow[];
}

export function isOrchestrator(value: unknown): value is Orchestrator {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'wfo-orchestrator';
}

/** Declare an application. Workflow keys must be unique. */
export function defineOrchestrator(opts: OrchestratorOptions): Orchestrator {
  const keys = new Set<string>();
  for (const wf of opts.workflows) {
    if (keys.has(wf.key)) throw new Error(`Two workflows have the key "${wf.key}"`);
    keys.add(wf.key);
  }
  return Object.freeze({ kind: 'wfo-orchestrator', workflows: [...opts.workflows] });
}
