import { Prisma, type PrismaClient } from '@wfo/db';
import type { ResourceTypeJson } from './resource-type-schema';
import { groupBy } from '../group-by';

export const RESOURCE_TYPE_COLUMNS = Prisma.sql`rt.resource_type, rt.description, rt.resource_type_id::text AS resource_type_id`;

/** `GET /api/resource_types/{id}`; `null` if unknown. */
export async function findResourceType(prisma: PrismaClient, resourceTypeId: string): Promise<ResourceTypeJson | null> {
  const rows = await prisma.$queryRaw<ResourceTypeJson[]>(
    Prisma.sql`SELECT ${RESOURCE_TYPE_COLUMNS} FROM resource_types rt WHERE rt.resource_type_id = ${resourceTypeId}::uuid`,
  );
  return rows[0] ?? null;
}

/** The resource types of some product blocks, by block id and by name: one query whatever the number of blocks. */
export async function resourceTypesByBlock(
  prisma: PrismaClient,
  blockIds: readonly string[],
): Promise<Map<string, ResourceTypeJson[]>> {
  if (blockIds.length === 0) return new Map();
  const rows = await prisma.$queryRaw<(ResourceTypeJson & { block_id: string })[]>(Prisma.sql`
    SELECT pbrt.product_block_id::text AS block_id, ${RESOURCE_TYPE_COLUMNS}
      FROM product_block_resource_types pbrt
      JOIN resource_types rt ON rt.resource_type_id = pbrt.resource_type_id
     WHERE pbrt.product_block_id = ANY(${[...blockIds]}::uuid[])
     ORDER BY rt.resource_type`);
  return groupBy(
    rows,
    (row) => row.block_id,
    ({ block_id: _block, ...resourceType }) => resourceType,
  );
}
