import { Prisma } from '@wfo/db';
import type { BlockRow } from '../metadata/product-block-queries';
import type { ResourceTypeJson } from '../metadata/resource-type-schema';
import { readListPage } from '../list-query/list-page';
import type { ProcessRow } from '../processes/process-row';
import type { ProductRow } from '../products/product-queries';
import { toSubscriptionJson, type SubscriptionRow } from '../subscriptions/subscription-row';
import type { WorkflowRow } from '../workflows/workflow-queries';
import { connectionQuery, toConnection, type Connection, type ConnectionArgs } from './connection';
import { CustomerNode } from './customer-node';
import { freeTextCondition } from './free-text-query';
import type { GraphqlContext } from './graphql-context';
import {
  CUSTOMER_SOURCE,
  PROCESS_SOURCE,
  PRODUCT_BLOCK_SOURCE,
  PRODUCT_SOURCE,
  RESOURCE_TYPE_SOURCE,
  SUBSCRIPTION_SOURCE,
  WORKFLOW_SOURCE,
  type GraphqlListSource,
} from './list-sources';
import { ProcessNode } from './process-node';
import { ProductBlockNode } from './product-block-node';
import { ProductNode } from './product-node';
import { ResourceTypeNode } from './resource-type-node';
import { SubscriptionNode } from './subscription-node';
import { WorkflowNode } from './workflow-node';

/**
 * What the UI reads to decide whether it is talking to a compatible backend: it takes the second word of the first
 * entry as orchestrator-core's version, and 9.x wants 5.4.0 or later (reference orchestrator-ui.md §0).
 */
export const APPLICATION_VERSIONS = ['orchestrator-core: 5.4.0'] as const;

/**
 * One page of a root list and its total, with the REST lists' machinery: the same filters and sorts, the same
 * keyset-friendly ORDER BY and capped count. Two queries, plus the loaders' for the fields the selection asks.
 */
async function readConnection<Row, Node>(
  ctx: GraphqlContext,
  source: GraphqlListSource,
  args: ConnectionArgs,
  toNode: (row: Row) => Node,
): Promise<Connection<Node>> {
  const query = connectionQuery(args);
  const conditions = [source.visible, freeTextCondition(source.search, args.query)].filter(
    (c): c is Prisma.Sql => c !== undefined && c !== null,
  );
  const visible = conditions.length > 0 ? Prisma.join(conditions, ' AND ') : undefined;
  const { rows, total } = await readListPage<Row>(ctx.prisma, { ...source, visible }, query, ctx.exactCountLimit);
  const connection = toConnection(rows, args, total, source.resource);
  return { page: connection.page.map(toNode), pageInfo: connection.pageInfo };
}

/** The root `Query` fields. */
export const queryRoot = {
  processes: (args: ConnectionArgs, ctx: GraphqlContext) =>
    readConnection(ctx, PROCESS_SOURCE, args, (row: ProcessRow) => new ProcessNode(row)),
  subscriptions: (args: ConnectionArgs, ctx: GraphqlContext) =>
    readConnection(
      ctx,
      SUBSCRIPTION_SOURCE,
      args,
      (row: SubscriptionRow) => new SubscriptionNode(toSubscriptionJson(row)),
    ),
  products: (args: ConnectionArgs, ctx: GraphqlContext) =>
    readConnection(ctx, PRODUCT_SOURCE, args, (row: ProductRow) => new ProductNode(row)),
  productBlocks: (args: ConnectionArgs, ctx: GraphqlContext) =>
    readConnection(ctx, PRODUCT_BLOCK_SOURCE, args, (row: BlockRow) => new ProductBlockNode(row)),
  resourceTypes: (args: ConnectionArgs, ctx: GraphqlContext) =>
    readConnection(ctx, RESOURCE_TYPE_SOURCE, args, (row: ResourceTypeJson) => new ResourceTypeNode(row)),
  workflows: (args: ConnectionArgs, ctx: GraphqlContext) =>
    readConnection(ctx, WORKFLOW_SOURCE, args, (row: WorkflowRow) => new WorkflowNode(row)),
  customers: (args: ConnectionArgs, ctx: GraphqlContext) =>
    readConnection(ctx, CUSTOMER_SOURCE, args, (row: { customer_id: string }) => new CustomerNode(row.customer_id)),
  scheduledTasks: (args: ConnectionArgs, ctx: GraphqlContext) => ctx.scheduledTasks(args),
  version: () => ({ applicationVersions: APPLICATION_VERSIONS }),
};
