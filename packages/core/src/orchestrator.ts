import type { ProductDefinition } from '@wfo/domain';
import type { Form, User, Workflow } from '@wfo/engine';
import {
  BUILTIN_TASK_KEYS,
  checkScheduleDeclarations,
  type ScheduleDeclaration,
  type Translations,
} from '@wfo/runtime';

/** What an application declares: its workflows and products. */
export interface OrchestratorOptions {
  readonly workflows: readonly Workflow[];
  /** Products, synced to the database when the API starts. */
  readonly products?: readonly ProductDefinition[];
  /** Standalone forms, answered page by page through `POST /api/forms/{key}`. */
  readonly forms?: Readonly<Record<string, Form>>;
  /** Tasks to run on a timer, synced to the `schedules` table when the API starts (like products). */
  readonly schedules?: readonly ScheduleDeclaration[];
  /** Labels by language (`'en-GB'`: `{ workflow: { my_key: 'My workflow' }, forms: { fields: {…} } }`), merged into `GET /api/translations/{lang}`. */
  readonly translations?: Readonly<Record<string, Translations>>;
  /**
   * A route-level policy (orchestrator-core's OPA slot), asked after authentication for every request but the
   * public ones (health, translations): false answers 403. E.g. engine settings for admins only.
   */
  readonly policy?: RoutePolicy;
}

/** What a route policy decides on: the method and path of the request and the authenticated user. */
export type RoutePolicy = (request: { method: string; path: string; user: User | null }) => boolean | Promise<boolean>;

/** A WFO application: the default export of the module given to `wfo api|worker|dev --app`. */
export interface Orchestrator {
  readonly kind: 'wfo-orchestrator';
  readonly workflows: readonly Workflow[];
  readonly products: readonly ProductDefinition[];
  readonly forms: Readonly<Record<string, Form>>;
  readonly schedules: readonly ScheduleDeclaration[];
  readonly translations: Readonly<Record<string, Translations>>;
  readonly policy?: RoutePolicy;
}

export function isOrchestrator(value: unknown): value is Orchestrator {
  return typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'wfo-orchestrator';
}

/**
 * Declare an application. Workflow keys and product names must be unique, and every workflow a product links must
 * be one of the application's (or built in, like `modify_note`); schedules must start one of them.
 */
export function defineOrchestrator(opts: OrchestratorOptions): Orchestrator {
  const keys = new Set<string>(['modify_note', ...BUILTIN_TASK_KEYS]);
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
  const schedules = opts.schedules ?? [];
  checkScheduleDeclarations(schedules);
  const unknownTasks = schedules.filter((s) => !keys.has(s.task));
  if (unknownTasks.length > 0)
    throw new Error(
      `Schedules start workflows the application does not define: ${unknownTasks.map((s) => `${s.name} → ${s.task}`).join(', ')}`,
    );
  return Object.freeze({
    kind: 'wfo-orchestrator',
    workflows: [...opts.workflows],
    products: [...products],
    forms: { ...(opts.forms ?? {}) },
    schedules: [...schedules],
    translations: { ...(opts.translations ?? {}) },
    policy: opts.policy,
  });
}
