// The stock orchestrator UI's requests, recorded from the UI itself (`WFO_UI_RECORD=… npm run test:ui`, see
// test/ui), replayed against WFO: every GraphQL answer must carry every field the UI selected, with no errors, and
// the REST answers the shapes the UI reads (reference orchestrator-ui.md §1, §2, §6).
import { Kind, parse, type FragmentDefinitionNode, type SelectionSetNode } from 'graphql';
import { z } from 'zod';
import recording from '../../packages/server/test/fixtures/ui-requests.json';
import { startExampleStack, type ExampleStack } from './example-stack';
import type { Wfo } from './harness';
import { client, type Client } from './http-client';

interface RecordedRequest {
  readonly method: string;
  readonly path: string;
  readonly body: any;
}

const RECORDED = recording as RecordedRequest[];
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

let stack: ExampleStack;
let wfo: Wfo;
let api: Client;
/** Ids of the recording mapped to the ids of the same things here. */
const ids = new Map<string, string>();

/** The UI's last POST of the create workflow: the product page and every form page. */
const recordedStart = () =>
  RECORDED.filter((r) => r.method === 'POST' && /^\/api\/processes\/create_/.test(r.path)).at(-1)!;

const recordedOperation = (name: string) => RECORDED.find((r) => r.body?.operationName === name);

/** The request with the recording's ids replaced by this run's. */
function substitute(request: RecordedRequest): RecordedRequest {
  const swap = (text: string) => text.replace(UUID, (id) => ids.get(id) ?? id);
  return { ...request, path: swap(request.path), body: request.body && JSON.parse(swap(JSON.stringify(request.body))) };
}

/** Every field the selection names is in `value` (recursively): the UI reads them all. */
function expectSelected(
  value: unknown,
  selection: SelectionSetNode,
  fragments: Map<string, FragmentDefinitionNode>,
  where: string,
): void {
  if (value === null) return;
  if (Array.isArray(value)) {
    value.forEach((item, i) => expectSelected(item, selection, fragments, `${where}[${i}]`));
    return;
  }
  const object = value as Record<string, unknown>;
  for (const node of selection.selections) {
    if (node.kind === Kind.FRAGMENT_SPREAD)
      expectSelected(value, fragments.get(node.name.value)!.selectionSet, fragments, where);
    else if (node.kind === Kind.INLINE_FRAGMENT) expectSelected(value, node.selectionSet, fragments, where);
    else {
      const field = node;
      const key = field.alias?.value ?? field.name.value;
      expect({ where, key, present: Object.hasOwn(object, key) }).toEqual({ where, key, present: true });
      if (field.selectionSet) expectSelected(object[key], field.selectionSet, fragments, `${where}.${key}`);
    }
  }
}

const SettingsStatus = z.object({
  global_lock: z.boolean(),
  running_processes: z.number().int(),
  global_status: z.enum(['RUNNING', 'PAUSING', 'PAUSED']),
});
const StatusCounts = z.object({
  process_counts: z.record(z.string(), z.number()),
  task_counts: z.record(z.string(), z.number()),
});
const SubscriptionWorkflows = z.object({
  create: z.array(z.object({ name: z.string(), description: z.string() })),
  modify: z.array(z.object({ name: z.string(), description: z.string(), reason: z.string().optional() })),
  terminate: z.array(z.object({ name: z.string() })),
  system: z.array(z.unknown()),
  validate: z.array(z.object({ name: z.string() })),
});
const SearchAnswer = z.object({
  data: z.array(
    z.object({
      entity_id: z.string(),
      entity_type: z.literal('SUBSCRIPTION'),
      entity_title: z.string(),
      score: z.number(),
      perfect_match: z.number(),
      matching_fields: z.array(z.unknown()).nullable(),
      response_columns: z.record(z.string(), z.unknown()),
    }),
  ),
  cursor: z.object({ total_items: z.number(), start_cursor: z.number(), end_cursor: z.number() }),
  page_info: z.object({ has_next_page: z.boolean(), next_page_cursor: z.string().nullable() }),
  search_metadata: z.object({ search_type: z.string().nullable(), description: z.string().nullable() }),
});
const WorkerStatus = z.object({
  executor_type: z.string(),
  number_of_workers_online: z.number(),
  number_of_queued_jobs: z.number(),
  number_of_running_jobs: z.number(),
});

beforeAll(async () => {
  stack = await startExampleStack({ workers: 1 });
  wfo = stack.wfo;
  api = client(wfo.url);
  // The recording's product, process and subscription, made here the way the UI made them.
  const start = recordedStart();
  const workflowKey = start.path.split('/').pop()!;
  const first = await api.post(`/api/processes/${workflowKey}`, []);
  const product = first.body.form.$defs.ProductChoice.enum[0] as string;
  ids.set(start.body[0].product, product);
  const processId = await api.start(workflowKey, substitute(start).body);
  if ((await api.waitForStatus(processId, 'suspended', 30_000).catch(() => null)) !== null) {
    await api.put(`/api/processes/${processId}/resume`, [{ racked: true }]);
  }
  const done = await api.waitForStatus(processId, 'completed', 30_000);
  ids.set(recordedOperation('ProcessDetail')!.body.variables.processId, processId);
  ids.set(
    recordedOperation('SubscriptionDetail')!.body.variables.subscriptionId,
    done.current_state.subscription.subscription_id,
  );
}, 90_000);

afterAll(() => stack?.stop());

describe('the UI contract: its recorded requests replayed against WFO', () => {
  const graphqlOperations = [
    ...new Map(RECORDED.filter((r) => r.path === '/api/graphql').map((r) => [r.body.query, r])).values(),
  ];

  it.each(graphqlOperations.map((r) => [r.body.operationName as string, r] as const))(
    'GraphQL %s answers every selected field, without errors',
    async (_name, recorded) => {
      const request = substitute(recorded);
      const res = await api.post('/api/graphql', request.body);
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const document = parse(request.body.query);
      const fragments = new Map(
        document.definitions
          .filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION)
          .map((d) => [d.name.value, d]),
      );
      const operation = document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION)!;
      expectSelected(res.body.data, operation.selectionSet, fragments, request.body.operationName);
    },
  );

  it('Versions: a core version the UI accepts; ProcessDetail and SubscriptionDetail: what the pages read', async () => {
    const versions = await api.post('/api/graphql', recordedOperation('Versions')!.body);
    expect(versions.body.data.version.applicationVersions[0].split(' ')[1]).toBe('5.4.0');
    const detail = await api.post('/api/graphql', substitute(recordedOperation('ProcessDetail')!).body);
    const [process] = detail.body.data.processes.page;
    expect(process).toMatchObject({ lastStatus: 'COMPLETED', isTask: false, userPermissions: { retryAllowed: true } });
    expect(process.steps.every((s: { status: string }) => s.status === s.status.toLowerCase())).toBe(true);
    const subscription = await api.post('/api/graphql', substitute(recordedOperation('SubscriptionDetail')!).body);
    const [sub] = subscription.body.data.subscriptions.page;
    expect(sub.status).toBe('ACTIVE');
    expect(sub.productBlockInstances.length).toBeGreaterThan(0);
    for (const block of sub.productBlockInstances) {
      expect(block.productBlockInstanceValues).toContainEqual({ field: 'name', value: expect.any(String) });
      expect(block.subscription.subscriptionId).toEqual(expect.any(String));
    }
  });

  it('REST: the layout, search, subscription actions and settings answer the shapes the UI reads', async () => {
    const shapes: Array<[RegExp, z.ZodType]> = [
      [/^\/api\/settings\/status$/, SettingsStatus],
      [/^\/api\/processes\/status-counts$/, StatusCounts],
      [/^\/api\/search\/subscriptions/, SearchAnswer],
      [/^\/api\/subscriptions\/workflows\//, SubscriptionWorkflows],
      [/^\/api\/settings\/worker-status$/, WorkerStatus],
      [/^\/api\/settings\/cache-names$/, z.record(z.string(), z.string())],
    ];
    const replayed = new Set<string>();
    for (const recorded of RECORDED.filter(
      (r) => (r.path !== '/api/graphql' && r.method !== 'POST') || r.path.startsWith('/api/search'),
    )) {
      const request = substitute(recorded);
      const shape = shapes.find(([pattern]) => pattern.test(request.path));
      if (!shape) continue;
      const res = request.method === 'GET' ? await api.get(request.path) : await api.post(request.path, request.body);
      expect({ path: request.path, status: res.status }).toEqual({ path: request.path, status: 200 });
      const parsed = shape[1].safeParse(res.body);
      expect({ path: request.path, issues: parsed.error?.issues ?? [] }).toEqual({ path: request.path, issues: [] });
      replayed.add(shape[0].source);
    }
    expect(replayed.size).toBe(shapes.length);
  });

  it('the start form: 510 with the next page, then 201 with the process id', async () => {
    const start = substitute(recordedStart());
    const firstPage = await api.post(start.path, [start.body[0]]);
    expect(firstPage.status).toBe(510);
    expect(firstPage.body).toMatchObject({ type: 'FormNotCompleteError', status: 510, form: { type: 'object' } });
    expect(firstPage.body).toHaveProperty('meta');
    const started = await api.post(start.path, start.body);
    expect(started.status).toBe(201);
    expect(started.body.id).toMatch(UUID);
  });
});
