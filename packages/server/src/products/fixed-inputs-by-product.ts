import { Prisma, type PrismaClient } from '@wfo/db';
import type { FixedInputJson } from './product-schema';
import { groupBy } from '../group-by';

/** The fixed inputs of some products, by product id and by name: one query whatever the number of products. */
export async function fixedInputsByProduct(
  prisma: PrismaClient,
  productIds: readonly string[],
): Promise<Map<string, FixedInputJson[]>> {
  if (productIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<FixedInputJson[]>(Prisma.sql`
    SELECT fi.fixed_input_id::text AS fixed_input_id, fi.name, fi.value, fi.product_id::text AS product_id,
           extract(epoch FROM fi.created_at)::float8 AS created_at
      FROM fixed_inputs fi
     WHERE fi.product_id = ANY(${[...productIds]}::uuid[])
     ORDER BY fi.name`);
  return groupBy(
    rows,
    (row) => row.product_id,
    (row) => row,
  );
}
