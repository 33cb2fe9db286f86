import { Prisma, type PrismaClient } from '@wfo/db';
import type { ProductBlockJson } from './product-block-schema';
import { resourceTypesByBlock } from './resource-type-queries';
import { groupBy } from '../group-by';

/** A `product_blocks` row as the read queries select it (over `product_blocks pb`). */
export type BlockRow = Omit<ProductBlockJson, 'resource_types'>;

export const BLOCK_COLUMNS = Prisma.sql`
  pb.product_block_id::text AS product_block_id,
  pb.name,
  pb.description,
  pb.tag,
  pb.status,
  extract(epoch FROM pb.created_at)::float8 AS created_at,
  extract(epoch FROM pb.end_date)::float8 AS end_date`;

/** `GET /api/product_blocks/{id}`: the block with its resource types; `null` if unknown. */
export async function findProductBlock(prisma: PrismaClient, productBlockId: string): Promise<ProductBlockJson | null> {
  const rows = await prisma.$queryRaw<BlockRow[]>(
    Prisma.sql`SELECT ${BLOCK_COLUMNS} FROM product_blocks pb WHERE pb.product_block_id = ${productBlockId}::uuid`,
  );
  const block = rows[0];
  if (!block) return null;
  const resourceTypes = await resourceTypesByBlock(prisma, [block.product_block_id]);
  return withResourceTypes(block, resourceTypes);
}

/**
 * The root blocks of some products (with their resource types), by product id and by name: two queries whatever
 * the number of products.
 */
export async function productBlocksByProduct(
  prisma: PrismaClient,
  productIds: readonly string[],
): Promise<Map<string, ProductBlockJson[]>> {
  if (productIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<(BlockRow & { owner_id: string })[]>(Prisma.sql`
    SELECT ppb.product_id::text AS owner_id, ${BLOCK_COLUMNS}
      FROM product_product_blocks ppb
      JOIN product_blocks pb ON pb.product_block_id = ppb.product_block_id
     WHERE ppb.product_id = ANY(${[...productIds]}::uuid[])
     ORDER BY pb.name`);
  const resourceTypes = await resourceTypesByBlock(prisma, [...new Set(rows.map((r) => r.product_block_id))]);
  return groupBy(
    rows,
    (row) => row.owner_id,
    ({ owner_id: _owner, ...block }) => withResourceTypes(block, resourceTypes),
  );
}

function withResourceTypes(
  block: BlockRow,
  resourceTypes: ReadonlyMap<string, ProductBlockJson['resource_types']>,
): ProductBlockJson {
  // Spelled out rather than spread: the keys go out in the order of orchestrator-core's schema.
  return {
    product_block_id: block.product_block_id,
    name: block.name,
    description: block.description,
    tag: block.tag,
    status: block.status,
    resource_types: resourceTypes.get(block.product_block_id) ?? [],
    created_at: block.created_at,
    end_date: block.end_date,
  };
}
