import type { ProductDefinition } from '@wfo/domain';
import type { Form, Workflow } from '@wfo/engine';

/** What an application declares: its workflows and products. */
export interface OrchestratorOptions {
  readonly workflows: readonly Workflow[];
  /** Products, synced to the database when the API starts. */
  readonly products?: readonly ProductDefinition[];
  /** Standalone forms, answered page by page through `POST /api/forms/{key}`. */
  readonly forms?: Readonly<Record<string, Form>>;
}

/** A WFO application: the default export of the module given to `wfo api|worker|dev --app`. */
export interface Orchestrator {
  readonly kind: 'wfo-orchestrator';
  readonly workflows: readonly Workflow[];
  readonly products: readonly ProductDefinition[];
  readonly forms: Readonly<Record<string, Form>>;
}

export function isOrchestrator(value: unknown): value is Orchestrator {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'wfo-orchestrator';
}

/**
 * Declare an application. Workflow keys and product names must be unique, and every workflow a product links must
 * be one of the application's (or built in, like `modify_note`).
 */
export function defineOrchestrator(opts: OrchestratorOptions): Orchestrator {
  const keys = new Set<string>(['modify_note']);
  for (const wf of opts.workflows) {
    if (keys.has(wf.key)) throw new Error(`Two workflows have the key "${wf.key}"`);
    keys.add(wf.key);
  }
  const products = opts.products ?? [];
  const names = new Set<string>();
  for (const p of products) {
    if (names.has(p.name)) throw new Error(`Two products are named "${p.name}"`);
    names.add(p.name);
    const unknown = p.workflows.filter((key) => !keys.has(key));
    if (unknown.length > 0)
      throw new Error(`Product "${p.name}" links workflows the application does not define: ${unknown.join(', ')}`);
  }
  return Object.freeze({
    kind: 'wfo-orchestrator',
    workflows: [...opts.workflows],
    products: [...products],
    forms: { ...(opts.forms ?? {}) },
  });
}
