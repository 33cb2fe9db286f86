import type { PrismaClient } from '@wfo/db';
import { isProductDefinition, type ProductDefinition } from '../declarations/product';
import { allBlocks, type BlockDef } from '../declarations/product-block';
import type { ProductInfo } from '../model/subscription-model';
import { epochSeconds } from './epoch-seconds';

type Db = Pick<PrismaClient, 'product' | 'productBlock' | 'resourceType'>;

export interface CatalogProduct {
  readonly definition: ProductDefinition;
  readonly info: ProductInfo;
}

/** Thrown when a product, block or resource type is declared in code but not (yet) in the database. */
export class ProductNotSyncedError extends Error {
  override readonly name = 'ProductNotSyncedError';
}

const MISS_REFRESH_MS = 1_000;

/**
 * The application's declared products with their database ids: how models find their product, block and resource
 * type rows. The ids are read from the database (the API syncs declarations at start) and refreshed on a miss, so
 * a worker started before the API catches up by itself.
 */
export class ProductCatalog {
  readonly definitions: ReadonlyMap<string, ProductDefinition>;
  readonly blocks: ReadonlyMap<string, BlockDef>;
  private products = new Map<string, CatalogProduct>();
  private productsById = new Map<string, CatalogProduct>();
  private blockIds = new Map<string, string>();
  private blockNames = new Map<string, string>();
  private resourceTypeIds = new Map<string, string>();
  private resourceTypeNamesById = new Map<string, string>();
  private loaded: Promise<void> | null = null;
  private lastRefresh = 0;

  constructor(
    private readonly db: Db,
    definitions: readonly ProductDefinition[],
  ) {
    const byName = new Map<string, ProductDefinition>();
    for (const def of definitions) {
      if (byName.has(def.name)) throw new Error(`Two products are named "${def.name}"`);
      byName.set(def.name, def);
    }
    this.definitions = byName;
    this.blocks = new Map(allBlocks(definitions.flatMap((d) => Object.values(d.root))).map((b) => [b.name, b]));
  }

  /** (Re)read the ids of everything declared. */
  async refresh(): Promise<void> {
    const [products, blocks, resourceTypes] = await Promise.all([
      this.db.product.findMany(),
      this.db.productBlock.findMany({ select: { product_block_id: true, name: true } }),
      this.db.resourceType.findMany({ select: { resource_type_id: true, resource_type: true } }),
    ]);
    this.products = new Map();
    this.productsById = new Map();
    for (const row of products) {
      const definition = this.definitions.get(row.name);
      if (!definition) continue;
      const entry: CatalogProduct = {
        definition,
        info: {
          product_id: row.product_id,
          name: row.name,
          description: row.description,
          product_type: row.product_type,
          tag: row.tag,
          status: row.status,
          created_at: epochSeconds(row.created_at),
          end_date: epochSeconds(row.end_date),
        },
      };
      this.products.set(row.name, entry);
      this.productsById.set(row.product_id, entry);
    }
    this.blockIds = new Map(blocks.map((b) => [b.name, b.product_block_id]));
    this.blockNames = new Map(blocks.map((b) => [b.product_block_id, b.name]));
    this.resourceTypeIds = new Map(resourceTypes.map((r) => [r.resource_type, r.resource_type_id]));
    this.resourceTypeNamesById = new Map(resourceTypes.map((r) => [r.resource_type_id, r.resource_type]));
  }

  private async ensureLoaded(): Promise<void> {
    this.loaded ??= this.refresh();
    await this.loaded;
  }

  private async lookup<T>(find: () => T | undefined, what: string): Promise<T> {
    await this.ensureLoaded();
    let found = find();
    if (found === undefined) {
      // A miss re-reads the ids (the API may have synced since), at most once a second: a subscription of a product
      // this application does not declare must not make every request re-read the catalog. A miss within that
      // second waits for the refresh already under way (another miss may have started it) and looks again.
      if (Date.now() - this.lastRefresh > MISS_REFRESH_MS) {
        this.lastRefresh = Date.now();
        this.loaded = this.refresh();
      }
      await this.loaded;
      found = find();
    }
    if (found === undefined)
      throw new ProductNotSyncedError(`${what} is not in the database: start the API once to sync products`);
    return found;
  }

  /** A declared product by name, id or definition. */
  async product(ref: ProductDefinition | string): Promise<CatalogProduct> {
    if (isProductDefinition(ref)) return this.lookup(() => this.products.get(ref.name), `Product "${ref.name}"`);
    return this.lookup(() => this.products.get(ref) ?? this.productsById.get(ref), `Product "${ref}"`);
  }

  async blockId(name: string): Promise<string> {
    return this.lookup(() => this.blockIds.get(name), `Product block "${name}"`);
  }

  async blockName(productBlockId: string): Promise<string> {
    return this.lookup(() => this.blockNames.get(productBlockId), `Product block ${productBlockId}`);
  }

  async resourceTypeId(name: string): Promise<string> {
    return this.lookup(() => this.resourceTypeIds.get(name), `Resource type "${name}"`);
  }

  /** Resource type ids → names, for decoding stored values. */
  async resourceTypeNames(): Promise<ReadonlyMap<string, string>> {
    await this.ensureLoaded();
    return this.resourceTypeNamesById;
  }

  /** Read the ids once (a no-op when they are loaded). */
  async ready(): Promise<void> {
    await this.ensureLoaded();
  }

  /**
   * Products linked to a workflow key in code (the choices of a create workflow's first page). Synchronous, for
   * form generators: it reads what {@link ready} loaded.
   */
  productsFor(workflowKey: string): CatalogProduct[] {
    return [...this.products.values()].filter((p) => p.definition.workflows.includes(workflowKey));
  }
}
