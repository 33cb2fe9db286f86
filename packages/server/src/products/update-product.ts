import { Prisma, type PrismaClient } from '@wfo/db';
import { HttpError } from '../http/http-error';
import { END_OF_LIFE, type ProductLifecycle } from './product-lifecycle';

export interface ProductPatch {
  readonly description?: string;
  readonly status?: ProductLifecycle;
}

/**
 * Applies a PATCH to a product; `false` if there is no such product. Setting `end of life` is refused (400) while
 * any subscription of the product is not terminated, as in orchestrator-core.
 *
 * The product row is locked `FOR UPDATE` first. That lock conflicts with the `FOR KEY SHARE` lock the foreign key
 * check of a new subscription takes on its product, so no subscription can be created for the product between the
 * count and the update (orchestrator-core counts and updates without a lock, which leaves that window open).
 */
export async function updateProduct(prisma: PrismaClient, productId: string, patch: ProductPatch): Promise<boolean> {
  return prisma.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<unknown[]>(
      Prisma.sql`SELECT 1 FROM products WHERE product_id = ${productId}::uuid FOR UPDATE`,
    );
    if (locked.length === 0) return false;
    if (patch.status === END_OF_LIFE) {
      const [row] = await tx.$queryRaw<{ n: number }[]>(Prisma.sql`
        SELECT count(*)::int AS n FROM subscriptions
         WHERE product_id = ${productId}::uuid AND status <> 'terminated'`);
      const active = row?.n ?? 0;
      if (active > 0) {
        throw new HttpError(
          400,
          `Cannot set product to 'end of life': ${active} subscription(s) are not in terminated state`,
        );
      }
    }
    const sets: Prisma.Sql[] = [];
    if (patch.description !== undefined) sets.push(Prisma.sql`description = ${patch.description}`);
    if (patch.status !== undefined) sets.push(Prisma.sql`status = ${patch.status}`);
    if (sets.length > 0) {
      await tx.$executeRaw(
        Prisma.sql`UPDATE products SET ${Prisma.join(sets, ', ')} WHERE product_id = ${productId}::uuid`,
      );
    }
    return true;
  });
}
