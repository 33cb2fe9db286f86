/**
 * The subscription list at scale (SPEC §8 "scale of data": p95 ≤ 50 ms for the first page).
 *
 * Loads BENCH_SUBSCRIPTIONS subscriptions (default 100,000) over five products and 1,000 customers into a fresh
 * database with bulk SQL, then times `GET /api/subscriptions?range=0,25` over real HTTP, unfiltered and with
 * `status`, `product` and `customerId` filters, BENCH_REQUESTS times each (default 200, after 20 warm-ups), and
 * prints p50/p95/p99. The floor of each scenario is the hand-written SQL of the same page (subscriptions joined
 * with products, no count, no customer descriptions) timed through the same Prisma client in the same run; the
 * ratio is the endpoint's p50/p95 over the floor's.
 *
 *   npx tsx bench/subscription-list.bench.ts
 *   BENCH_SUBSCRIPTIONS=1000000 npx tsx bench/subscription-list.bench.ts
 *
 * The data is shaped like a real inventory: the oldest 15% of subscriptions are terminated (which is what makes a
 * `status=terminated` page expensive without a `(status, start_date)` index: newest-first, the planner walks past
 * the other 85% before finding one), 3% are initial without a start date, the rest mostly active.
 * The composite `(status|product_id|customer_id, start_date DESC, subscription_id)` indexes come with the migrations.
 * BENCH_RANDOM_PAGE_COST=1.1 sets the planner's random_page_cost for the database (the usual setting on
 * SSDs; Postgres defaults to 4, tuned for spinning disks). BENCH_KEEP_DATABASE=1 keeps the database (and prints its URL) for EXPLAIN ANALYZE. Needs Postgres at DATABASE_URL (default postgresql://postgres@127.0.0.1:5432). Redis is not used.
 */
import { performance } from 'node:perf_hooks';
import { createPrisma, createTestDatabase, Prisma, type PrismaClient } from '@wfo/db';
import { createApp, subscriptionListRoutes, type AppOptions } from '@wfo/server';
import { errorsOnlyLogger } from './support/errors-only-logger';
import { serveOnFreePort } from './support/serve-on-free-port';
import { timeRepeatedly, type Timings } from './support/time-repeatedly';

const SUBSCRIPTIONS = Number(process.env.BENCH_SUBSCRIPTIONS ?? 100_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const KEEP_DATABASE = process.env.BENCH_KEEP_DATABASE === '1';
const RANDOM_PAGE_COST = process.env.BENCH_RANDOM_PAGE_COST;
const WARMUP = 20;
const PAGE = 25;

interface Scenario {
  readonly name: string;
  readonly path: string;
  /** The same page in hand-written SQL (over `s` and `pr`): the floor. */
  readonly floorWhere: Prisma.Sql;
  readonly floorOrder?: Prisma.Sql;
  readonly floorOffset?: number;
  readonly options?: AppOptions;
}

const DEFAULT_ORDER = Prisma.sql`s.start_date DESC, s.subscription_id`;

const SCENARIOS: readonly Scenario[] = [
  { name: 'first page, default sort', path: '/api/subscriptions?range=0,25', floorWhere: Prisma.sql`TRUE` },
  {
    name: 'status=active (~80%)',
    path: '/api/subscriptions?range=0,25&filter=status,active',
    floorWhere: Prisma.sql`s.status = 'active'`,
  },
  {
    name: 'status=terminated (15%, the oldest)',
    path: '/api/subscriptions?range=0,25&filter=status,terminated',
    floorWhere: Prisma.sql`s.status = 'terminated'`,
  },
  {
    name: 'status=initial (3%, no start date)',
    path: '/api/subscriptions?range=0,25&filter=status,initial',
    floorWhere: Prisma.sql`s.status = 'initial'`,
  },
  {
    name: 'product=Port (a product name)',
    path: '/api/subscriptions?range=0,25&filter=product,Port',
    floorWhere: Prisma.sql`pr.name = 'Port'`,
  },
  {
    name: 'customerId=customer-42 (0.1%)',
    path: '/api/subscriptions?range=0,25&filter=customerId,customer-42',
    floorWhere: Prisma.sql`s.customer_id = 'customer-42'`,
  },
  {
    name: 'startDate asc',
    path: '/api/subscriptions?range=0,25&sort=startDate,asc',
    floorWhere: Prisma.sql`TRUE`,
    floorOrder: Prisma.sql`s.start_date ASC, s.subscription_id DESC`,
  },
  {
    name: 'page 41 (range=1000,1025)',
    path: '/api/subscriptions?range=1000,1025',
    floorWhere: Prisma.sql`TRUE`,
    floorOffset: 1000,
  },
  {
    name: 'first page, exact count (orchestrator-core)',
    path: '/api/subscriptions?range=0,25',
    floorWhere: Prisma.sql`TRUE`,
    options: { exactCountLimit: Infinity },
  },
];

async function load(prisma: PrismaClient): Promise<void> {
  const started = performance.now();
  const n = SUBSCRIPTIONS;
  await prisma.$executeRawUnsafe(`
    INSERT INTO products (product_id, name, description, product_type, tag, status)
    SELECT md5('p' || i)::uuid, name, name || ' product', name, upper(name), 'active'
      FROM unnest(ARRAY['Node', 'Port', 'L2VPN', 'IP Prefix', 'Firewall']) WITH ORDINALITY AS t(name, i)`);
  // Row i started i minutes ago (1 = newest), inserted oldest first as a live table fills up.
  await prisma.$executeRawUnsafe(`
    INSERT INTO subscriptions (subscription_id, description, status, product_id, customer_id, insync, start_date,
                               end_date, note)
    SELECT md5('s' || i)::uuid,
           'Subscription ' || i || ' ' || (ARRAY['Node', 'Port', 'L2VPN', 'IP Prefix', 'Firewall'])[i % 5 + 1],
           status,
           md5('p' || (i % 5 + 1))::uuid,
           'customer-' || (i % 1000),
           status NOT IN ('initial', 'migrating'),
           CASE WHEN status <> 'initial' THEN now() - make_interval(mins => i) END,
           CASE WHEN status = 'terminated' THEN now() - make_interval(mins => i / 2) END,
           CASE WHEN i % 50 = 0 THEN 'Note ' || i END
      FROM (SELECT i, CASE WHEN i > ${n} * 0.85 THEN 'terminated'
                           WHEN i % 100 < 3 THEN 'initial'
                           WHEN i % 100 < 8 THEN 'provisioning'
                           WHEN i % 100 < 9 THEN 'migrating'
                           WHEN i % 100 < 10 THEN 'disabled'
                           ELSE 'active' END AS status
              FROM generate_series(${n}, 1, -1) i) rows`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO subscription_customer_descriptions (subscription_id, customer_id, description)
    SELECT md5('s' || i)::uuid, 'reseller-' || (i % 7), 'Their name for ' || i
      FROM generate_series(1, ${n}, 20) i`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO subscription_metadata (subscription_id, metadata)
    SELECT md5('s' || i)::uuid, jsonb_build_object('vlan', i % 4096, 'site', 'site-' || (i % 300))
      FROM generate_series(1, ${n}, 10) i`);
  // What autovacuum would have done by now: statistics for the planner, visibility map for index-only counts.
  await prisma.$executeRawUnsafe('VACUUM ANALYZE');
  console.log(
    `loaded ${n.toLocaleString('en')} subscriptions in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

/** The floor: the page alone, as one hand-written query through Prisma (no HTTP, no count, no extras). */
function floor(prisma: PrismaClient, scenario: Scenario): Promise<Timings> {
  const query = Prisma.sql`
    SELECT s.subscription_id::text, extract(epoch FROM s.start_date)::float8 AS start_date, s.description, s.status,
           s.product_id::text, s.customer_id, s.insync, s.note, extract(epoch FROM s.end_date)::float8 AS end_date,
           s.version, pr.name, pr.description AS product_description, pr.product_type, pr.status AS product_status,
           pr.tag, extract(epoch FROM pr.created_at)::float8 AS created_at
      FROM subscriptions s JOIN products pr ON pr.product_id = s.product_id
     WHERE ${scenario.floorWhere}
     ORDER BY ${scenario.floorOrder ?? DEFAULT_ORDER}
     LIMIT ${PAGE} OFFSET ${scenario.floorOffset ?? 0}`;
  return timeRepeatedly(
    async () => {
      const rows = await prisma.$queryRaw<unknown[]>(query);
      if (rows.length !== PAGE) throw new Error(`${scenario.name}: the floor query found ${rows.length} rows`);
    },
    { warmups: WARMUP, runs: REQUESTS },
  );
}

async function endpoint(prisma: PrismaClient, scenario: Scenario): Promise<{ timings: Timings; range: string }> {
  const app = createApp({
    prisma,
    redis: { ping: async () => 'PONG' },
    workflows: new Map(),
    logger: errorsOnlyLogger,
    routers: [subscriptionListRoutes],
    options: scenario.options,
  });
  let range = '';
  const timings = await serveOnFreePort(app, (baseUrl) =>
    timeRepeatedly(
      async () => {
        const res = await fetch(`${baseUrl}${scenario.path}`);
        const body = (await res.json()) as unknown[];
        if (res.status !== 200 || body.length !== PAGE) {
          throw new Error(`${scenario.path}: ${res.status}, ${JSON.stringify(body).slice(0, 200)}`);
        }
        range = res.headers.get('content-range') ?? '';
      },
      { warmups: WARMUP, runs: REQUESTS },
    ),
  );
  return { timings, range };
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  let prisma = createPrisma({ databaseUrl: db.url, poolSize: 10 });
  try {
    await load(prisma);
    if (RANDOM_PAGE_COST) {
      await prisma.$executeRawUnsafe(`ALTER DATABASE "${db.name}" SET random_page_cost = ${Number(RANDOM_PAGE_COST)}`);
      // Database settings apply to new sessions: a new client, a new pool.
      await prisma.$disconnect();
      prisma = createPrisma({ databaseUrl: db.url, poolSize: 10 });
      console.log(`random_page_cost = ${Number(RANDOM_PAGE_COST)}`);
    }
    console.log(
      `GET over HTTP, ${REQUESTS} sequential requests each (after ${WARMUP} warm-ups), ${PAGE} items per page; ` +
        'floor = the same page as one hand-written SQL query through Prisma:',
    );
    const fmt = (ms: number) => ms.toFixed(1).padStart(5);
    for (const scenario of SCENARIOS) {
      const { timings: t, range } = await endpoint(prisma, scenario);
      const f = await floor(prisma, scenario);
      console.log(
        `${scenario.name.padEnd(44)} p50 ${fmt(t.p50)}  p95 ${fmt(t.p95)}  p99 ${fmt(t.p99)} ms │ ` +
          `floor p50 ${fmt(f.p50)}  p95 ${fmt(f.p95)} ms │ ratio p50 ${(t.p50 / f.p50).toFixed(1)}× ` +
          `p95 ${(t.p95 / f.p95).toFixed(1)}× │ ${range}`,
      );
    }
  } finally {
    await prisma.$disconnect();
    if (KEEP_DATABASE) console.log(`kept the database: ${db.url}`);
    else await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
