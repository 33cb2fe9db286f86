import { stepsPassedAndCurrent, effectiveAuthorizers } from '@wfo/engine';
import type { ProcessRow } from '../processes/process-row';
import type { ConnectionArgs } from './connection';
import { sliceConnection } from './connection';
import { CustomerNode } from './customer-node';
import type { GraphqlContext } from './graphql-context';
import { enumName, isoDate } from './graphql-values';
import { SUBSCRIPTION_SOURCE } from './list-sources';
import { SUBSCRIPTIONS_OF_PROCESS } from './owner-links';
import { ProductNode } from './product-node';
import { SubscriptionNode, subscriptionPage } from './subscription-node';

/** `ProcessType`: a process row; related rows come through the request's loaders. */
export class ProcessNode {
  readonly #row: ProcessRow;

  constructor(row: ProcessRow) {
    this.#row = row;
  }

  get processId() {
    return this.#row.process_id;
  }
  get workflowId() {
    return this.#row.workflow_id;
  }
  get workflowName() {
    return this.#row.workflow_name;
  }
  get workflowTarget() {
    return this.#row.workflow_target;
  }
  get isTask() {
    return this.#row.is_task;
  }
  get lastStatus() {
    return enumName(this.#row.last_status);
  }
  get lastStep() {
    return this.#row.last_step;
  }
  get assignee() {
    return this.#row.assignee;
  }
  get failedReason() {
    return this.#row.failed_reason;
  }
  get traceback() {
    return this.#row.traceback;
  }
  get createdBy() {
    return this.#row.created_by;
  }
  get startedAt() {
    return isoDate(this.#row.started_at);
  }
  get lastModifiedAt() {
    return isoDate(this.#row.last_modified_at);
  }
  get note() {
    return this.#row.note;
  }

  async productId(_: unknown, ctx: GraphqlContext) {
    return (await this.#firstSubscription(ctx))?.product.product_id ?? null;
  }
  async customerId(_: unknown, ctx: GraphqlContext) {
    return (await this.#firstSubscription(ctx))?.customer_id ?? null;
  }
  async product(_: unknown, ctx: GraphqlContext) {
    const first = await this.#firstSubscription(ctx);
    return first ? new ProductNode(first.product) : null;
  }
  async customer(_: unknown, ctx: GraphqlContext) {
    const first = await this.#firstSubscription(ctx);
    return first ? new CustomerNode(first.customer_id) : null;
  }

  async steps(_: unknown, ctx: GraphqlContext) {
    const { details } = await ctx.loaders.processDescription.load(this.#row);
    return (details.steps ?? []).map((step) => ({
      stepId: step.step_id,
      name: step.name,
      status: step.status,
      createdBy: step.created_by,
      executed: isoDate(step.executed),
      started: isoDate(step.started),
      completed: isoDate(step.completed),
      commitHash: step.commit_hash,
      state: step.state,
      stateDelta: step.state_delta,
    }));
  }
  async form(_: unknown, ctx: GraphqlContext) {
    return (await ctx.loaders.processDescription.load(this.#row)).details.form;
  }
  async currentState(_: unknown, ctx: GraphqlContext) {
    return (await ctx.loaders.processDescription.load(this.#row)).details.current_state;
  }

  /** Whether the caller may retry or resume it here: the same callbacks `PUT …/resume` asks (reference §1.12). */
  async userPermissions(_: unknown, ctx: GraphqlContext) {
    const { definition, recovery } = await ctx.loaders.processDescription.load(this.#row);
    const passed = stepsPassedAndCurrent(definition, recovery);
    const step = passed[passed.length - 1];
    const { resume, retry } = effectiveAuthorizers(definition, passed);
    const [resumeAllowed, retryAllowed] = await Promise.all([
      resume({ user: ctx.user, action: 'resume_workflow', workflow: definition, step }),
      retry({ user: ctx.user, action: 'retry_workflow', workflow: definition, step }),
    ]);
    return { resumeAllowed, retryAllowed };
  }

  async subscriptions(args: ConnectionArgs, ctx: GraphqlContext) {
    // The usual selection (no filter, sort or search) is served by the loader that also gives product and customer.
    if (!args.filterBy?.length && !args.sortBy?.length && !args.query) {
      const all = await ctx.loaders.subscriptionsOfProcess.load(this.#row.process_id);
      return sliceConnection(
        all.map((s) => new SubscriptionNode(s)),
        args,
        SUBSCRIPTION_SOURCE.resource,
      );
    }
    return subscriptionPage(ctx, 'subscriptionsOfProcess', SUBSCRIPTIONS_OF_PROCESS, this.#row.process_id, args);
  }

  async #firstSubscription(ctx: GraphqlContext) {
    return (await ctx.loaders.subscriptionsOfProcess.load(this.#row.process_id))[0];
  }
}
