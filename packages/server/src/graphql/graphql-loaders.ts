import DataLoader from 'dataloader';
import { Prisma, type PrismaClient } from '@wfo/db';
import type { Logger, Workflow } from '@wfo/engine';
import { groupBy } from '../group-by';
import { BLOCK_COLUMNS, productBlocksByProduct, type BlockRow } from '../metadata/product-block-queries';
import { resourceTypesByBlock } from '../metadata/resource-type-queries';
import type { ResourceTypeJson } from '../metadata/resource-type-schema';
import type { ProductBlockJson } from '../metadata/product-block-schema';
import { describeProcess, stepRowsByProcess, type ProcessDescription } from '../processes/load-process-detail';
import type { ProcessRow } from '../processes/process-row';
import { subscriptionsByProcess } from '../processes/subscriptions-by-process';
import { fixedInputsByProduct } from '../products/fixed-inputs-by-product';
import { PRODUCT_COLUMNS, type ProductRow } from '../products/product-queries';
import type { FixedInputJson } from '../products/product-schema';
import { workflowsByProduct } from '../products/workflows-by-product';
import type { SubscriptionJson } from '../schemas/subscription-schema';
import type { WorkflowJson } from '../schemas/workflow-schema';
import { subscriptionExtras } from '../subscriptions/subscription-extras';
import {
  SUBSCRIPTION_COLUMNS,
  SUBSCRIPTION_FROM,
  toSubscriptionJson,
  type SubscriptionExtras,
  type SubscriptionRow,
} from '../subscriptions/subscription-row';
import type { Connection, ConnectionArgs } from './connection';
import type { GraphqlListSource } from './list-sources';
import { readPagesByOwner, type OwnerLink } from './pages-by-owner';

export interface LoaderDependencies {
  readonly prisma: PrismaClient;
  readonly workflows: ReadonlyMap<string, Workflow>;
  readonly logger: Logger;
}

/** A loader of one-query-for-many-owners reads: every key gets its owner's values (none when absent). */
function groupLoader<V>(read: (keys: readonly string[]) => Promise<ReadonlyMap<string, V[]>>): DataLoader<string, V[]> {
  return new DataLoader(async (keys) => {
    const groups = await read(keys);
    return keys.map((key) => groups.get(key) ?? []);
  });
}

/**
 * The batch loaders of one GraphQL request. Fields of the items of a page ask for their related rows one item at a
 * time; a loader collects the keys asked for in the same tick and reads them in one query, so the number of queries
 * of a request depends on the shape of its selection, never on the size of its pages. Made per request: nothing
 * cached outlives it (nor crosses users).
 */
export class GraphqlLoaders {
  readonly #deps: LoaderDependencies;
  readonly #pages = new Map<string, DataLoader<string, Connection<unknown>>>();

  constructor(deps: LoaderDependencies) {
    this.#deps = deps;
  }

  /** A process's subscriptions in link order (its first one gives the process its product and customer). */
  readonly subscriptionsOfProcess = groupLoader((ids) => subscriptionsByProcess(this.#deps.prisma, ids));

  /** Steps, state, pending form and recovery of a process, from its step rows. */
  readonly processDescription = new DataLoader<ProcessRow, ProcessDescription, string>(
    async (rows) => {
      const stepRows = await stepRowsByProcess(
        this.#deps.prisma,
        rows.map((r) => r.process_id),
      );
      const { workflows, logger } = this.#deps;
      return rows.map((row) => describeProcess(workflows, logger, row, stepRows.get(row.process_id) ?? []));
    },
    { cacheKeyFn: (row) => row.process_id },
  );

  readonly subscriptionExtras = new DataLoader<string, SubscriptionExtras | undefined>(async (ids) => {
    const extras = await subscriptionExtras(this.#deps.prisma, ids);
    return ids.map((id) => extras.get(id));
  });

  readonly subscription = new DataLoader<string, SubscriptionJson | undefined>(async (ids) => {
    const rows = await this.#deps.prisma.$queryRaw<SubscriptionRow[]>(Prisma.sql`
      SELECT ${SUBSCRIPTION_COLUMNS} FROM ${SUBSCRIPTION_FROM} WHERE s.subscription_id = ANY(${[...ids]}::uuid[])`);
    const byId = new Map(rows.map((row) => [row.subscription_id, toSubscriptionJson(row)]));
    return ids.map((id) => byId.get(id));
  });

  readonly fixedInputsOfProduct = groupLoader<FixedInputJson>((ids) => fixedInputsByProduct(this.#deps.prisma, ids));

  readonly productBlocksOfProduct = groupLoader<ProductBlockJson>((ids) =>
    productBlocksByProduct(this.#deps.prisma, ids),
  );

  readonly workflowsOfProduct = groupLoader<WorkflowJson>((ids) =>
    workflowsByProduct(this.#deps.prisma, this.#deps.workflows, ids),
  );

  readonly productsOfWorkflow = groupLoader<ProductRow>((ids) =>
    this.#owned(Prisma.sql`
      SELECT pw.workflow_id::text AS owner_id, ${PRODUCT_COLUMNS}
        FROM products_workflows pw JOIN products p ON p.product_id = pw.product_id
       WHERE pw.workflow_id = ANY(${[...ids]}::uuid[])
       ORDER BY p.name`),
  );

  readonly resourceTypesOfBlock = groupLoader<ResourceTypeJson>((ids) => resourceTypesByBlock(this.#deps.prisma, ids));

  readonly blocksOfResourceType = groupLoader<BlockRow>((ids) =>
    this.#owned(Prisma.sql`
      SELECT pbrt.resource_type_id::text AS owner_id, ${BLOCK_COLUMNS}
        FROM product_block_resource_types pbrt JOIN product_blocks pb ON pb.product_block_id = pbrt.product_block_id
       WHERE pbrt.resource_type_id = ANY(${[...ids]}::uuid[])
       ORDER BY pb.name`),
  );

  /** The blocks a block nests. */
  readonly dependsOnBlocks = groupLoader<BlockRow>((ids) =>
    this.#owned(Prisma.sql`
      SELECT r.in_use_by_id::text AS owner_id, ${BLOCK_COLUMNS}
        FROM product_block_relations r JOIN product_blocks pb ON pb.product_block_id = r.depends_on_id
       WHERE r.in_use_by_id = ANY(${[...ids]}::uuid[])
       ORDER BY pb.name`),
  );

  /** The blocks nesting a block. */
  readonly inUseByBlocks = groupLoader<BlockRow>((ids) =>
    this.#owned(Prisma.sql`
      SELECT r.depends_on_id::text AS owner_id, ${BLOCK_COLUMNS}
        FROM product_block_relations r JOIN product_blocks pb ON pb.product_block_id = r.in_use_by_id
       WHERE r.depends_on_id = ANY(${[...ids]}::uuid[])
       ORDER BY pb.name`),
  );

  /**
   * One page per owner of a nested connection (`readPagesByOwner`). Items of one page ask with the same arguments,
   * so they share one loader, and one query.
   */
  pagesByOwner<Row>(
    name: string,
    source: GraphqlListSource,
    link: OwnerLink,
    args: ConnectionArgs,
  ): DataLoader<string, Connection<Row>> {
    const key = `${name} ${JSON.stringify(args)}`;
    let loader = this.#pages.get(key);
    if (!loader) {
      loader = new DataLoader(async (owners) => {
        const pages = await readPagesByOwner<unknown>(this.#deps.prisma, source, link, owners, args);
        return owners.map((owner) => pages.get(owner)!);
      });
      this.#pages.set(key, loader);
    }
    return loader as DataLoader<string, Connection<Row>>;
  }

  async #owned<Row>(query: Prisma.Sql): Promise<Map<string, Row[]>> {
    const rows = await this.#deps.prisma.$queryRaw<Array<Row & { owner_id: string }>>(query);
    return groupBy(
      rows,
      (row) => row.owner_id,
      ({ owner_id: _owner, ...row }) => row as Row,
    );
  }
}
