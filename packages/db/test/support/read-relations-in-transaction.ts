// Run by driver-warnings.test.ts in a process of its own, so Node's warnings reach its stderr: one query whose plan
// reads several relations at once, inside an interactive transaction.
import { createPrisma } from '../../src';

async function main(): Promise<void> {
  const prisma = createPrisma({ databaseUrl: process.env.DATABASE_URL!, poolSize: 2 });
  try {
    const products = await prisma.$transaction(async (tx) =>
      tx.product.findMany({ include: { fixedInputs: true, productBlocks: true, workflows: true } }),
    );
    process.stdout.write(`read ${products.length} products\n`);
  } finally {
    await prisma.$disconnect();
  }
}

void main();
