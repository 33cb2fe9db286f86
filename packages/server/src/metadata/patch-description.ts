import { Prisma, type PrismaClient } from '@wfo/db';

/** The tables whose descriptions are edited through the API, with their id columns. */
const DESCRIBED = {
  product_blocks: 'product_block_id',
  resource_types: 'resource_type_id',
  workflows: 'workflow_id',
} as const;

/**
 * A description PATCH: set the description when the body has one (`{}` changes nothing), then read the row as the
 * endpoint answers it. `null` when there is no such row.
 */
export async function patchDescription<T>(
  prisma: PrismaClient,
  table: keyof typeof DESCRIBED,
  id: string,
  description: string | null | undefined,
  read: (id: string) => Promise<T | null>,
): Promise<T | null> {
  if (description !== undefined) {
    const updated = await prisma.$executeRaw(
      Prisma.sql`UPDATE ${Prisma.raw(table)} SET description = ${description}
                  WHERE ${Prisma.raw(DESCRIBED[table])} = ${id}::uuid`,
    );
    if (updated === 0) return null;
  }
  return read(id);
}
