/**
 * The floor of the throughput benchmark: the same work done by raw BullMQ jobs, each doing one Prisma transaction
 * (update a chain's row, insert an event row) and enqueueing the chain's next job, with no engine at all.
 * Run by `throughput.bench.ts` as a separate process: `tsx bench/throughput/floor-worker.ts`.
 */
import { Queue, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { createPrisma } from '@wfo/db';

const databaseUrl = process.env.DATABASE_URL!;
const redisUrl = process.env.REDIS_URL!;
const prefix = process.env.FLOOR_PREFIX!;
const concurrency = Number(process.env.FLOOR_CONCURRENCY ?? 20);
const STEPS = 10;

interface FloorJob {
  chain: number;
  step: number;
}

const prisma = createPrisma({ databaseUrl, poolSize: 10 });
const connection = new Redis(redisUrl, { maxRetriesPerRequest: null });
const queue = new Queue<FloorJob>('floor', { connection, prefix });
const worker = new Worker<FloorJob>(
  'floor',
  async (job) => {
    const started = Date.now() / 1000;
    await prisma.$transaction([
      prisma.$executeRaw`UPDATE bench_floor_chains SET step = ${job.data.step} WHERE chain = ${job.data.chain}`,
      prisma.$executeRaw`INSERT INTO bench_floor_events (chain, step, started_at, completed_at)
                         VALUES (${job.data.chain}, ${job.data.step}, to_timestamp(${started}), clock_timestamp())`,
    ]);
    if (job.data.step + 1 < STEPS) {
      await queue.add('step', { chain: job.data.chain, step: job.data.step + 1 }, { removeOnComplete: true });
    }
  },
  { connection: new Redis(redisUrl, { maxRetriesPerRequest: null }), prefix, concurrency },
);
worker.on('ready', () => process.stdout.write('floor worker ready\n'));
process.on('SIGTERM', () => {
  void worker.close().then(async () => {
    await queue.close();
    await prisma.$disconnect();
    process.exit(0);
  });
});
