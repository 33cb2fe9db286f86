import { createPrisma, createTestDatabase, type PrismaClient, type TestDatabase } from '@wfo/db';
import {
  convertLifecycle,
  ProductCatalog,
  saveSubscription,
  saveSubscriptions,
  StaleSubscriptionError,
  SubscriptionRepository,
  SubscriptionSaveError,
  SubscriptionValidationError,
  syncProducts,
  UnsafeStatusChangeError,
  inUseBySubscriptions,
  dependsOnSubscriptions,
  modifyNote,
  type AnySubscriptionModel,
} from '@wfo/domain';
import { registerWorkflows, workflowRegistry } from '@wfo/runtime';
import { nodeProduct, portBlock, serviceProduct, TEST_PRODUCTS } from './fixtures/test-products';

let db: TestDatabase;
let prisma: PrismaClient;
let repo: SubscriptionRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  prisma = createPrisma({ databaseUrl: db.url });
  await registerWorkflows(prisma, workflowRegistry([modifyNote]));
  await syncProducts(prisma, TEST_PRODUCTS);
  repo = new SubscriptionRepository(prisma, new ProductCatalog(prisma, TEST_PRODUCTS));
});

afterAll(async () => {
  await prisma?.$disconnect();
  await db?.drop();
});

const save = (model: AnySubscriptionModel) => prisma.$transaction((tx) => saveSubscription(tx, repo.catalog, model));
const now = () => Date.now() / 1000;

async function activeNode(name: string, ports = ['xe-0/0/0', 'xe-0/0/1']): Promise<AnySubscriptionModel> {
  const node = await repo.create(nodeProduct, { customerId: 'customer-1' });
  node.node.node_name = name;
  node.node.role = 'core';
  node.node.ports = ports.map((port_name, i) =>
    repo.newBlock(portBlock, { port_name, speed: 1000 * (i + 1), vlans: [10 + i, 20 + i] }),
  );
  convertLifecycle(node, 'active', [], now());
  await save(node);
  return node;
}

describe('a subscription model', () => {
  it('starts initial with an empty block tree, fixed inputs and a default description', async () => {
    const model = await repo.create(nodeProduct, { customerId: 'c' });
    expect(model.status).toBe('initial');
    expect(model.insync).toBe(false);
    expect(model.description).toBe('Initial subscription of A router');
    expect(model.vendor).toBe('acme');
    expect(model.node).toMatchObject({ name: 'DomainTestNodeBlock', node_name: null, ports: [], loopback: null });
  });

  it('refuses active until its required fields are set, naming them', async () => {
    const model = await repo.create(nodeProduct, { customerId: 'c' });
    model.node.ports = [repo.newBlock(portBlock, {})];
    const error = (() => {
      try {
        convertLifecycle(model, 'active', [], now());
      } catch (err) {
        return err;
      }
    })();
    expect(error).toBeInstanceOf(SubscriptionValidationError);
    expect((error as SubscriptionValidationError).problems).toEqual([
      'node.node_name is required',
      'node.role is required',
      'node.ports[0].port_name is required',
      'node.ports[0].speed is required',
    ]);
    expect((error as Error).message).toContain("is not valid for status 'active'");
    // Saving a model whose status says active validates the same way.
    model.status = 'active';
    await expect(save(model)).rejects.toBeInstanceOf(SubscriptionValidationError);
  });

  it('checks value types and list cardinality', async () => {
    const model = await repo.create(nodeProduct, { customerId: 'c' });
    (model.node as Record<string, unknown>).role = 'spine';
    model.node.ports = Array.from({ length: 5 }, () => repo.newBlock(portBlock, { speed: -1 }));
    expect(() => convertLifecycle(model, 'initial', [], now())).toThrow(/node.role: .*node.ports allows at most 4/s);
  });

  it('saves and loads equal, with nested and list blocks in order, and bumps the version on every change', async () => {
    const node = await activeNode('r1', ['a', 'b', 'c']);
    expect(node.version).toBe(1);
    const loaded = await repo.load(node.subscription_id, nodeProduct);
    expect(loaded.toJSON()).toEqual(node.toJSON());
    expect(loaded.node.ports.map((p) => p.port_name)).toEqual(['a', 'b', 'c']);
    expect(loaded.node.ports[1]!.vlans).toEqual([11, 21]);
    expect(loaded.start_date).not.toBeNull();

    loaded.node.ports.reverse();
    loaded.node.loopback = repo.newBlock(nodeProduct.root.node.blocks.loopback.block, { address: '10.0.0.1' });
    await save(loaded);
    expect(loaded.version).toBe(2);
    const again = await repo.load(node.subscription_id, nodeProduct);
    expect(again.node.ports.map((p) => p.port_name)).toEqual(['c', 'b', 'a']);
    expect(again.node.loopback?.address).toBe('10.0.0.1');
    expect(again.version).toBe(2);

    // Removing a port deletes its instance.
    again.node.ports = again.node.ports.slice(0, 1);
    await save(again);
    const instances = await prisma.subscriptionInstance.count({ where: { subscription_id: node.subscription_id } });
    expect(instances).toBe(3); // node, one port, loopback
  });

  it('refuses a save from a stale model (optimistic version)', async () => {
    const node = await activeNode('r2');
    const first = await repo.load(node.subscription_id);
    const second = await repo.load(node.subscription_id);
    first.note = 'first';
    await save(first);
    second.note = 'second';
    const error = await save(second).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StaleSubscriptionError);
    expect((error as Error).message).toBe('Stale data: given version (1) does not match the current version (2)');
  });
});

describe('a subscription using another one’s block instance', () => {
  it('links it (depends_on / in_use_by both ways) without copying it, and blocks unsafe terminations', async () => {
    const node = await activeNode('r3');
    const service = await repo.create(serviceProduct, { customerId: 'customer-1' });
    const port = node.node.ports[0];
    service.service.service_name = 'vpn';
    service.service.endpoints = [port];
    convertLifecycle(service, 'active', [], now());
    await save(service);

    const nodeRows = await prisma.subscriptionInstance.count({ where: { subscription_id: node.subscription_id } });
    expect(nodeRows).toBe(3); // the port stays the node's: linked, not copied
    const loadedService = await repo.load(service.subscription_id, serviceProduct);
    expect(loadedService.service.endpoints[0]).toMatchObject({
      subscription_instance_id: port.subscription_instance_id,
      owner_subscription_id: node.subscription_id,
      port_name: 'xe-0/0/0',
    });
    expect((await inUseBySubscriptions(prisma, node.subscription_id)).map((s) => s.subscription_id)).toEqual([
      service.subscription_id,
    ]);
    expect((await dependsOnSubscriptions(prisma, service.subscription_id)).map((s) => s.subscription_id)).toEqual([
      node.subscription_id,
    ]);

    // Terminating the node while the service is active is unsafe.
    const loadedNode = await repo.load(node.subscription_id);
    const users = await inUseBySubscriptions(prisma, node.subscription_id);
    expect(() => convertLifecycle(loadedNode, 'terminated', users, now())).toThrow(UnsafeStatusChangeError);
    expect(() => convertLifecycle(loadedNode, 'terminated', users, now())).toThrow(
      /^Unsafe status change of Subscription with depending subscriptions/,
    );

    // Modifying the service does not modify the node's port, even if the model object was changed.
    loadedService.service.endpoints[0]!.port_name = 'changed';
    await save(loadedService);
    expect((await repo.load(node.subscription_id)).node.ports[0].port_name).toBe('xe-0/0/0');

    // The node cannot drop a port another subscription uses.
    const nodeAgain = await repo.load(node.subscription_id);
    nodeAgain.node.ports = nodeAgain.node.ports.slice(1);
    await expect(save(nodeAgain)).rejects.toThrow(/is used by subscription/);

    // Once the service is terminated, the node may be.
    const terminatedService = await repo.load(service.subscription_id);
    convertLifecycle(terminatedService, 'terminated', [], now());
    await save(terminatedService);
    const node3 = await repo.load(node.subscription_id);
    convertLifecycle(node3, 'terminated', await inUseBySubscriptions(prisma, node.subscription_id), now());
    expect(node3.end_date).not.toBeNull();
  });

  it('refuses to link the same instance twice', async () => {
    const node = await activeNode('r4');
    const service = await repo.create(serviceProduct, { customerId: 'c' });
    service.service.endpoints = [node.node.ports[0], node.node.ports[0]];
    await expect(save(service)).rejects.toThrow(SubscriptionSaveError);
    await expect(save(service)).rejects.toThrow(/Cannot link the same subscription instance multiple times/);
  });
});

describe('saving several models at once', () => {
  it('saves owners first, whatever the order given', async () => {
    const node = await repo.create(nodeProduct, { customerId: 'c' });
    node.node.node_name = 'r9';
    node.node.ports = [repo.newBlock(portBlock, { port_name: 'p0', speed: 1 })];
    const service = await repo.create(serviceProduct, { customerId: 'c' });
    service.service.endpoints = [node.node.ports[0]!];
    // node.node.ports[0] is owned by the node (created under it), and the service is given first.
    node.node.ports[0]!.owner_subscription_id = node.subscription_id;
    await prisma.$transaction((tx) => saveSubscriptions(tx, repo.catalog, [service, node]));
    const loaded = await repo.load(service.subscription_id, serviceProduct);
    expect(loaded.service.endpoints[0]!.owner_subscription_id).toBe(node.subscription_id);
  });
});

describe('row-only saves (lock, unlock, status, note)', () => {
  it('save the row without revalidating or rewriting the tree', async () => {
    const node = await activeNode('r10');
    const loaded = await repo.load(node.subscription_id);
    // Make the stored tree invalid for 'active' behind the model's back: a full save would now refuse it.
    await prisma.$executeRaw`DELETE FROM subscription_instance_values WHERE subscription_instance_id = ${loaded.node.subscription_instance_id}::uuid`;
    const broken = await repo.load(node.subscription_id);
    broken.insync = false;
    await save(broken.saveRowOnly());
    expect((await repo.load(node.subscription_id)).insync).toBe(false);
    broken.insync = true;
    await expect(save(broken)).rejects.toBeInstanceOf(SubscriptionValidationError);
  });
});
