import { Prisma, type PrismaClient } from '@wfo/db';
import type { Workflow } from '@wfo/engine';
import { productBlocksByProduct } from '../metadata/product-block-queries';
import { fixedInputsByProduct } from './fixed-inputs-by-product';
import type { ProductJson } from './product-schema';
import { workflowsByProduct } from './workflows-by-product';

/** A `products` row as the read queries select it (over `products p`). Times are epoch seconds. */
export type ProductRow = Omit<ProductJson, 'product_blocks' | 'fixed_inputs' | 'workflows'>;

export const PRODUCT_COLUMNS = Prisma.sql`p.product_id::text AS product_id, p.name, p.description, p.product_type,
  p.status, p.tag, extract(epoch FROM p.created_at)::float8 AS created_at,
  extract(epoch FROM p.end_date)::float8 AS end_date`;

export interface ProductFilter {
  readonly tag?: string;
  readonly product_type?: string;
}

/** `GET /api/products`: by name; `tag` and `product_type` match exactly, as in orchestrator-core. */
export async function listProducts(
  prisma: PrismaClient,
  registry: ReadonlyMap<string, Workflow>,
  filter: ProductFilter,
): Promise<ProductJson[]> {
  const conditions = [Prisma.sql`TRUE`];
  if (filter.tag) conditions.push(Prisma.sql`p.tag = ${filter.tag}`);
  if (filter.product_type) conditions.push(Prisma.sql`p.product_type = ${filter.product_type}`);
  return loadProducts(prisma, registry, Prisma.join(conditions, ' AND '));
}

/** `GET /api/products/{id}`; `null` if unknown. */
export async function findProduct(
  prisma: PrismaClient,
  registry: ReadonlyMap<string, Workflow>,
  productId: string,
): Promise<ProductJson | null> {
  const [product] = await loadProducts(prisma, registry, Prisma.sql`p.product_id = ${productId}::uuid`);
  return product ?? null;
}

/**
 * The products matching `where` (over `p`) with everything `ProductSchema` nests: five queries whatever the number
 * of products (the products, then their fixed inputs, blocks, blocks' resource types and workflows).
 */
async function loadProducts(
  prisma: PrismaClient,
  registry: ReadonlyMap<string, Workflow>,
  where: Prisma.Sql,
): Promise<ProductJson[]> {
  const products = await prisma.$queryRaw<ProductRow[]>(Prisma.sql`
    SELECT ${PRODUCT_COLUMNS}
      FROM products p
     WHERE ${where}
     ORDER BY p.name`);
  const ids = products.map((p) => p.product_id);
  const [blocks, fixedInputs, workflows] = await Promise.all([
    productBlocksByProduct(prisma, ids),
    fixedInputsByProduct(prisma, ids),
    workflowsByProduct(prisma, registry, ids),
  ]);
  return products.map((product) => ({
    ...product,
    product_blocks: blocks.get(product.product_id) ?? [],
    fixed_inputs: fixedInputs.get(product.product_id) ?? [],
    workflows: workflows.get(product.product_id) ?? [],
  }));
}
