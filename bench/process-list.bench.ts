/**
 * The process list at scale (SPEC §8 "scale of data": p95 ≤ 50 ms with 1,000,000 processes).
 *
 * Loads BENCH_PROCESSES processes (default 1,000,000, with subscription links) into a fresh database with bulk SQL,
 * then times `GET /api/processes?range=0,25` over real HTTP for several filters and sorts, BENCH_REQUESTS times each
 * (default 200, after 20 warm-ups), and prints p50/p95/p99. The database is dropped at the end.
 *
 *   npx tsx bench/process-list.bench.ts
 *
 * Needs Postgres at DATABASE_URL (default postgresql://postgres@127.0.0.1:5432). Redis is not used.
 */
import { performance } from 'node:perf_hooks';
import { createPrisma, createTestDatabase, type PrismaClient } from '@wfo/db';
import { createApp, type AppOptions } from '@wfo/server';
import { errorsOnlyLogger } from './support/errors-only-logger';
import { serveOnFreePort } from './support/serve-on-free-port';
import { timeRepeatedly } from './support/time-repeatedly';

const PROCESSES = Number(process.env.BENCH_PROCESSES ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const WARMUP = 20;
const SUBSCRIPTIONS = Math.max(1, Math.round(PROCESSES / 10));

interface Scenario {
  readonly name: string;
  readonly path: string;
  readonly options?: AppOptions;
}

const SCENARIOS: readonly Scenario[] = [
  { name: 'first page, default sort', path: '/api/processes?range=0,25' },
  { name: 'first page, lastStatus=failed (5%)', path: '/api/processes?range=0,25&filter=lastStatus,failed' },
  { name: 'first page, lastStatus=completed (80%)', path: '/api/processes?range=0,25&filter=lastStatus,completed' },
  { name: 'first page, isTask=true', path: '/api/processes?range=0,25&filter=isTask,true' },
  { name: 'first page, startedAt asc', path: '/api/processes?range=0,25&sort=startedAt,asc' },
  { name: 'page 41 (range=1000,1025)', path: '/api/processes?range=1000,1025' },
  {
    name: 'first page, default sort, exact count (orchestrator-core)',
    path: '/api/processes?range=0,25',
    options: { exactCountLimit: Infinity },
  },
];

async function load(prisma: PrismaClient): Promise<void> {
  const started = performance.now();
  // Deterministic ids (md5 of the row number) let the link table be generated without joins.
  await prisma.$executeRawUnsafe(`
    INSERT INTO workflows (workflow_id, name, target, description, is_task)
    SELECT md5('w' || i)::uuid, 'workflow_' || i, CASE WHEN i > 8 THEN 'SYSTEM' ELSE 'CREATE' END,
           'Workflow ' || i, i > 8
      FROM generate_series(1, 10) i`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO products (product_id, name, description, product_type, tag, status)
    SELECT md5('p' || i)::uuid, 'Product ' || i, 'Product ' || i, 'Node', 'TAG' || i, 'active'
      FROM generate_series(1, 3) i`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO subscriptions (subscription_id, description, status, product_id, customer_id, insync, start_date)
    SELECT md5('s' || i)::uuid, 'Subscription ' || i, 'active', md5('p' || (i % 3 + 1))::uuid,
           'customer-' || (i % 500), true, now() - make_interval(secs => i)
      FROM generate_series(1, ${SUBSCRIPTIONS}) i`);
  // Status mix: 80% completed, 5% failed, 5% aborted, 4% suspended, 3% running, 3% waiting.
  await prisma.$executeRawUnsafe(`
    INSERT INTO processes (pid, workflow_id, assignee, last_status, last_step, started_at, last_modified_at,
                           created_by, is_task, failed_reason)
    SELECT md5('r' || i)::uuid, md5('w' || (i % 10 + 1))::uuid, 'SYSTEM',
           CASE WHEN i % 100 < 80 THEN 'completed' WHEN i % 100 < 85 THEN 'failed' WHEN i % 100 < 90 THEN 'aborted'
                WHEN i % 100 < 94 THEN 'suspended' WHEN i % 100 < 97 THEN 'running' ELSE 'waiting' END,
           'Step ' || (i % 7), now() - make_interval(secs => i), now() - make_interval(secs => i) + interval '5 seconds',
           'user-' || (i % 50), (i % 10 + 1) > 8,
           CASE WHEN i % 100 BETWEEN 80 AND 84 THEN 'Something failed' END
      FROM generate_series(1, ${PROCESSES}) i`);
  await prisma.$executeRawUnsafe(`
    INSERT INTO processes_subscriptions (pid, subscription_id)
    SELECT md5('r' || i)::uuid, md5('s' || (i % ${SUBSCRIPTIONS} + 1))::uuid
      FROM generate_series(1, ${PROCESSES}) i
     WHERE (i % 10 + 1) <= 8`);
  // What autovacuum would have done by now: statistics for the planner, visibility map for index-only counts.
  await prisma.$executeRawUnsafe('VACUUM ANALYZE');
  console.log(
    `loaded ${PROCESSES.toLocaleString('en')} processes in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
}

async function run(prisma: PrismaClient, scenario: Scenario): Promise<void> {
  const app = createApp({
    prisma,
    redis: { ping: async () => 'PONG' },
    workflows: new Map(),
    logger: errorsOnlyLogger,
    options: scenario.options,
  });
  let contentRange = '';
  const timings = await serveOnFreePort(app, (baseUrl) =>
    timeRepeatedly(
      async () => {
        const res = await fetch(`${baseUrl}${scenario.path}`);
        const body = (await res.json()) as unknown[];
        if (res.status !== 200 || body.length !== 25)
          throw new Error(`${scenario.path}: ${res.status}, ${body.length} items`);
        contentRange = res.headers.get('content-range') ?? '';
      },
      { warmups: WARMUP, runs: REQUESTS },
    ),
  );
  const fmt = (ms: number) => ms.toFixed(1).padStart(6);
  console.log(
    `${scenario.name.padEnd(58)} p50 ${fmt(timings.p50)} ms  p95 ${fmt(timings.p95)} ms  ` +
      `p99 ${fmt(timings.p99)} ms   (${contentRange})`,
  );
}

async function main(): Promise<void> {
  const db = await createTestDatabase();
  const prisma = createPrisma({ databaseUrl: db.url, poolSize: 10 });
  try {
    await load(prisma);
    console.log(`GET over HTTP, ${REQUESTS} sequential requests each (after ${WARMUP} warm-ups), 25 items per page:`);
    for (const scenario of SCENARIOS) await run(prisma, scenario);
  } finally {
    await prisma.$disconnect();
    await db.drop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
