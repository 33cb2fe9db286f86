import type { WorkflowRow } from '../workflows/workflow-queries';
import type { GraphqlContext } from './graphql-context';
import { isoDate } from './graphql-values';
import { ProductNode } from './product-node';

/** `Workflow`: a workflow row with its registered definition's steps. */
export class WorkflowNode {
  readonly #row: Pick<WorkflowRow, 'workflow_id' | 'name' | 'description' | 'target' | 'is_task' | 'created_at'>;

  constructor(row: Pick<WorkflowRow, 'workflow_id' | 'name' | 'description' | 'target' | 'is_task' | 'created_at'>) {
    this.#row = row;
  }

  get workflowId() {
    return this.#row.workflow_id;
  }
  get name() {
    return this.#row.name;
  }
  get description() {
    return this.#row.description;
  }
  get target() {
    return this.#row.target;
  }
  get isTask() {
    return this.#row.is_task;
  }
  get createdAt() {
    return isoDate(this.#row.created_at);
  }

  steps(_: unknown, ctx: GraphqlContext) {
    const definition = ctx.workflows.get(this.#row.name);
    return definition ? definition.steps.steps.map((s) => ({ name: s.name, assignee: s.assignee })) : [];
  }
  async products(_: unknown, ctx: GraphqlContext) {
    return (await ctx.loaders.productsOfWorkflow.load(this.#row.workflow_id)).map((p) => new ProductNode(p));
  }
  /** Its `authorize` callback for the caller; a workflow this application does not register cannot be started. */
  async isAllowed(_: unknown, ctx: GraphqlContext) {
    const definition = ctx.workflows.get(this.#row.name);
    if (!definition) return false;
    return definition.authorize({ user: ctx.user, action: 'start_workflow', workflow: definition });
  }
}
