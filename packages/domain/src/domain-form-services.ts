import type { PrismaClient } from '@wfo/db';
import type { FormContext } from '@wfo/engine';
import { REASON_TEXT, workflowsForSubscription } from './availability/subscription-workflows';
import type { ProductDefinition } from './declarations/product';
import type { Lifecycle } from './lifecycle';
import type { SubscriptionModel } from './model/subscription-model';
import { loadSubscription } from './persistence/load-subscription';
import type { CatalogProduct, ProductCatalog } from './persistence/product-catalog';
import { inUseBySubscriptions, type RelatedSubscription } from './persistence/relations';

type Db = Pick<PrismaClient, '$queryRaw' | '$executeRaw'>;

/** A subscription as a form lists it among its choices. */
export interface SubscriptionSummary {
  readonly subscription_id: string;
  readonly description: string;
  readonly status: string;
  readonly insync: boolean;
  readonly customer_id: string;
  readonly product_name: string;
}

/** A subscription chosen on a modify-type workflow's first page, once it passed the checks. */
export interface ChosenSubscription {
  readonly subscription_id: string;
  readonly product_id: string;
  readonly customer_id: string;
  readonly version: number;
  readonly note: string | null;
  readonly status: string;
}

export type SubscriptionCheck =
  { readonly ok: ChosenSubscription } | { readonly error: string; readonly atRoot?: boolean };

/**
 * What the workflow kinds' first form pages look up: products linked to a workflow, and whether a subscription
 * may be worked on by a workflow (availability rules, stale version). Given to forms as their context.
 */
export class DomainFormServices {
  constructor(
    private readonly db: Db,
    readonly catalog: ProductCatalog,
  ) {}

  /** The context forms run with: these services, once what their synchronous parts read (the catalog) is loaded. */
  async formContext(): Promise<FormContext> {
    await this.catalog.ready();
    return { domain: this };
  }

  /** Products the application links to this workflow, from the loaded catalog. */
  productsFor(workflowKey: string): CatalogProduct[] {
    return this.catalog.productsFor(workflowKey);
  }

  /**
   * Subscriptions of a product (by name or definition), optionally only in the given lifecycles, oldest first, at
   * most `limit` (default 1000): the choices of a form page (read them with `load` in the form generator).
   */
  async listSubscriptions(query: {
    product: string | ProductDefinition;
    statuses?: readonly Lifecycle[];
    limit?: number;
  }): Promise<SubscriptionSummary[]> {
    const productName = typeof query.product === 'string' ? query.product : query.product.name;
    const statuses = query.statuses ? [...query.statuses] : null;
    return this.db.$queryRaw<SubscriptionSummary[]>`
      SELECT s.subscription_id::text, s.description, s.status, s.insync, s.customer_id, p.name AS product_name
      FROM subscriptions s JOIN products p ON p.product_id = s.product_id
      WHERE p.name = ${productName} AND (${statuses}::text[] IS NULL OR s.status = ANY(${statuses}::text[]))
      ORDER BY s.start_date NULLS LAST, s.subscription_id
      LIMIT ${query.limit ?? 1000}`;
  }

  /** A subscription as its product's model (a modify form's current values). Only read it: forms change nothing. */
  loadSubscription(subscriptionId: string): Promise<SubscriptionModel> {
    return loadSubscription(this.db, this.catalog, subscriptionId);
  }

  /** The subscriptions that use this one (a port used by an L2VPN is not free). */
  inUseBy(subscriptionId: string): Promise<RelatedSubscription[]> {
    return inUseBySubscriptions(this.db, subscriptionId);
  }

  /**
   * orchestrator-core's first-page validation of modify, terminate, validate and reconcile workflows: the
   * subscription exists, the workflow is linked to its product, nothing blocks it (§1.13), and the given version
   * (if any) is the current one.
   */
  async checkSubscription(
    subscriptionId: string,
    workflowKey: string,
    target: string,
    version: number | null | undefined,
  ): Promise<SubscriptionCheck> {
    const [found] = await this.db.$queryRaw<Array<ChosenSubscription & { insync: boolean }>>`
      SELECT subscription_id::text, product_id::text, customer_id, version, note, status, insync
      FROM subscriptions WHERE subscription_id = ${subscriptionId}::uuid`;
    if (!found) return { error: 'Subscription not found' };
    const workflows = await workflowsForSubscription(this.db, subscriptionId, found);
    // What forms get is the chosen subscription itself; `insync` was read only for the availability rules.
    const { insync: _insync, ...row } = found;
    const bucket = workflows[target.toLowerCase() as 'modify'] ?? [];
    const current = bucket.find((w) => w.name === workflowKey);
    if (!current) return { error: 'This workflow is not valid for this subscription' };
    if (current.reason)
      return { error: `This workflow cannot be started: ${REASON_TEXT[current.reason] ?? current.reason}` };
    if (version !== null && version !== undefined && version !== row.version) {
      return {
        error: `Stale data: given version (${version}) does not match the current version (${row.version})`,
        atRoot: true,
      };
    }
    return { ok: row };
  }
}
