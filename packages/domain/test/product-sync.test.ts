import { z } from 'zod';
import { createPrisma, createTestDatabase, type PrismaClient, type TestDatabase } from '@wfo/db';
import {
  DestructiveProductChangeError,
  modifyNote,
  planProductSync,
  product,
  productBlock,
  syncProducts,
} from '@wfo/domain';
import { registerWorkflows, workflowRegistry } from '@wfo/runtime';
import { nodeProduct, TEST_PRODUCTS } from './fixtures/test-products';

let db: TestDatabase;
let prisma: PrismaClient;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma({ databaseUrl: db.url });
  await registerWorkflows(prisma, workflowRegistry([modifyNote]));
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

describe('syncing declared products', () => {
  it('creates products, blocks, resource types, relations, fixed inputs and workflow links', async () => {
    const plan = await syncProducts(prisma, TEST_PRODUCTS);
    expect(plan.actions.every((a) => !a.destructive)).toBe(true);
    const node = await prisma.product.findUniqueOrThrow({
      where: { name: 'Domain Test Node' },
      include: {
        fixedInputs: true,
        productBlocks: { include: { productBlock: true } },
        workflows: { include: { workflow: true } },
      },
    });
    expect(node).toMatchObject({ product_type: 'Node', tag: 'NODE', status: 'active', description: 'A router' });
    expect(node.fixedInputs.map((f) => [f.name, f.value])).toEqual([['vendor', 'acme']]);
    expect(node.productBlocks.map((l) => l.productBlock.name)).toEqual(['DomainTestNodeBlock']);
    expect(node.workflows.map((l) => l.workflow.name)).toEqual(['modify_note']);
    const nodeBlock = await prisma.productBlock.findUniqueOrThrow({
      where: { name: 'DomainTestNodeBlock' },
      include: {
        resourceTypes: { include: { resourceType: true } },
        dependsOnRelations: { include: { dependsOn: true } },
      },
    });
    expect(nodeBlock.resourceTypes.map((r) => r.resourceType.resource_type).sort()).toEqual([
      'in_service',
      'node_name',
      'role',
    ]);
    expect(nodeBlock.dependsOnRelations.map((r) => [r.dependsOn.name, r.min, r.max]).sort()).toEqual([
      ['DomainTestLoopbackBlock', 0, 1],
      ['DomainTestPortBlock', 1, 4],
    ]);
    // The port block is shared by two products and exists once.
    expect(await prisma.productBlock.count({ where: { name: 'DomainTestPortBlock' } })).toBe(1);
  });

  it('is a no-op the second time', async () => {
    expect((await planProductSync(prisma, TEST_PRODUCTS)).actions).toEqual([]);
  });

  it('adds new fields without asking, but refuses changes to existing data and names them', async () => {
    const grown = product({
      ...nodeProduct,
      fixedInputs: { vendor: 'other' },
      root: {
        node: productBlock('DomainTestNodeBlock', {
          fields: { node_name: z.string(), role: z.string(), serial: z.string() },
          blocks: nodeProduct.root.node.blocks,
        }),
      },
      workflows: [],
    });
    const plan = await planProductSync(prisma, [grown, TEST_PRODUCTS[1]!]);
    expect(plan.actions.filter((a) => !a.destructive).map((a) => a.description)).toEqual([
      'create resource type "serial"',
      'add resource type "serial" to "DomainTestNodeBlock"',
    ]);
    expect(plan.actions.filter((a) => a.destructive).map((a) => a.description)).toEqual([
      'remove resource type "in_service" from "DomainTestNodeBlock" (deletes its stored values)',
      'change fixed input vendor of product "Domain Test Node" from "acme" to "other"',
    ]);
    const refused = await syncProducts(prisma, [grown, TEST_PRODUCTS[1]!]).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DestructiveProductChangeError);
    expect((refused as Error).message).toContain('wfo products migrate');
    expect(await prisma.resourceType.count({ where: { resource_type: 'serial' } })).toBe(0); // nothing was applied

    await syncProducts(prisma, [grown, TEST_PRODUCTS[1]!], { allowDestructive: true });
    expect((await prisma.fixedInput.findFirstOrThrow({ where: { name: 'vendor' } })).value).toBe('other');
    expect((await planProductSync(prisma, [grown, TEST_PRODUCTS[1]!])).actions).toEqual([]);
  });
});
