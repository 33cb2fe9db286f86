import type { EngineSettingsService, StepQueue } from '@wfo/runtime';
import { readDeploymentMetrics, SCHEDULE_QUEUE } from '@wfo/runtime';
import type { Queue } from 'bullmq';
import type { RedisConnection } from '@wfo/runtime';
import { Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import { z } from 'zod';
import type { RouteModule } from '../app-dependencies';
import { defineRoute } from '../http/define-route';
import { deploymentMetricsText } from './prometheus-text';

export interface MetricsSources {
  readonly engine: EngineSettingsService;
  readonly queues: { readonly steps: StepQueue; readonly schedules: Queue };
  readonly redis: RedisConnection;
  readonly prefix: string;
}

const PROCESS_LABELS = [
  'last_status',
  'created_by',
  'is_task',
  'product_name',
  'workflow_name',
  'customer_id',
  'workflow_target',
] as const;
const QUEUE_STATES = ['waiting', 'active', 'delayed', 'failed'] as const;

/**
 * `GET /api/metrics`: Prometheus text. orchestrator-core's metrics (reference §4.4: engine status, running
 * processes, process counts and run time, subscription counts; read from Postgres at each scrape), the queue
 * depths, this API process's own (memory, event loop), and the deployment-wide step histograms and reconciler
 * counters the workers keep in Redis.
 */
export function metricsRoutes(sources: MetricsSources): RouteModule {
  return ({ prisma }) => {
    const registry = new Registry();
    collectDefaultMetrics({ register: registry, prefix: 'wfo_api_' });
    new Gauge({
      name: 'wfo_engine_status',
      help: 'Current workflow engine status.',
      labelNames: ['wfo_engine_status'],
      registers: [registry],
      async collect() {
        const { global_status } = await sources.engine.status();
        for (const state of ['RUNNING', 'PAUSING', 'PAUSED'])
          this.set({ wfo_engine_status: state }, state === global_status ? 1 : 0);
      },
    });
    new Gauge({
      name: 'wfo_active_process_count',
      help: 'Number of currently running processes in the workflow engine.',
      registers: [registry],
      async collect() {
        this.set((await sources.engine.status()).running_processes);
      },
    });
    const processRows = () =>
      prisma.$queryRaw<
        Array<Record<(typeof PROCESS_LABELS)[number], string | boolean | null> & { n: bigint; seconds: number }>
      >`
        SELECT p.last_status, p.created_by, p.is_task, coalesce(pr.name, '') AS product_name, w.name AS workflow_name,
               coalesce(s.customer_id, '') AS customer_id, w.target AS workflow_target, count(*) AS n,
               coalesce(sum(extract(epoch FROM p.last_modified_at - p.started_at)), 0)::float8 AS seconds
        FROM processes p
        JOIN workflows w ON w.workflow_id = p.workflow_id
        LEFT JOIN processes_subscriptions ps ON ps.pid = p.pid
        LEFT JOIN subscriptions s ON s.subscription_id = ps.subscription_id
        LEFT JOIN products pr ON pr.product_id = s.product_id
        WHERE p.parent_pid IS NULL
        GROUP BY 1, 2, 3, 4, 5, 6, 7`;
    const labelsOf = (row: Record<(typeof PROCESS_LABELS)[number], string | boolean | null>) =>
      Object.fromEntries(PROCESS_LABELS.map((l) => [l, String(row[l] ?? '')]));
    new Gauge({
      name: 'wfo_process_count',
      help: 'Number of processes per status, creator, task, product, workflow, customer, and target.',
      labelNames: PROCESS_LABELS,
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await processRows()) this.set(labelsOf(row), Number(row.n));
      },
    });
    new Gauge({
      name: 'wfo_process_seconds_total',
      help: 'Total time spent on processes in seconds.',
      labelNames: PROCESS_LABELS,
      registers: [registry],
      async collect() {
        this.reset();
        for (const row of await processRows()) this.set(labelsOf(row), row.seconds);
      },
    });
    new Gauge({
      name: 'wfo_subscriptions_count',
      help: 'Number of subscriptions per product, lifecycle state, customer, and in sync state.',
      labelNames: ['product_name', 'lifecycle_state', 'customer_id', 'insync'],
      registers: [registry],
      async collect() {
        this.reset();
        const rows = await prisma.$queryRaw<
          Array<{ product_name: string; status: string; customer_id: string; insync: boolean; n: bigint }>
        >`
          SELECT coalesce(p.name, '') AS product_name, s.status, s.customer_id, s.insync, count(*) AS n
          FROM subscriptions s LEFT JOIN products p ON p.product_id = s.product_id
          GROUP BY 1, 2, 3, 4`;
        for (const r of rows) {
          this.set(
            {
              product_name: r.product_name,
              lifecycle_state: r.status,
              customer_id: r.customer_id,
              insync: r.insync ? 'True' : 'False',
            },
            Number(r.n),
          );
        }
      },
    });
    new Gauge({
      name: 'wfo_queue_jobs',
      help: 'Jobs in the BullMQ queues, per queue and state.',
      labelNames: ['queue', 'state'],
      registers: [registry],
      async collect() {
        for (const [name, queue] of [
          [sources.queues.steps.name, sources.queues.steps.queue],
          [SCHEDULE_QUEUE, sources.queues.schedules],
        ] as const) {
          const counts = await queue.getJobCounts(...QUEUE_STATES);
          for (const state of QUEUE_STATES) this.set({ queue: name, state }, counts[state] ?? 0);
        }
      },
    });
    new Gauge({
      name: 'wfo_workers_online',
      help: 'Worker processes with a live heartbeat.',
      registers: [registry],
      async collect() {
        this.set((await sources.engine.workerStatus()).number_of_workers_online);
      },
    });

    return [
      defineRoute({
        method: 'get',
        path: '/api/metrics',
        summary: 'Prometheus metrics',
        tags: ['Metrics'],
        responses: { 200: { description: 'Prometheus text format', schema: z.string() } },
        handler: async ({ res }) => {
          const [own, deployment] = await Promise.all([
            registry.metrics(),
            readDeploymentMetrics(sources.redis, sources.prefix),
          ]);
          res.setHeader('Content-Type', registry.contentType);
          res.send(own + deploymentMetricsText(deployment));
        },
      }),
    ];
  };
}
