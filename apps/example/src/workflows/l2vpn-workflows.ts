import { z } from 'zod';
import {
  conditional,
  createWorkflow,
  InconsistentDataError,
  ask,
  load,
  modifyWorkflow,
  retryStep,
  step,
  steps,
  terminateWorkflow,
  validateWorkflow,
  type DomainFormServices,
  type FormGenerator,
  type State,
  type StepContext,
} from '@wfo/core';
import { domainOf, subscriptionChoice } from '../forms/choices';
import { callNms } from '../nms/nms-client';
import { configureStep } from '../nms/configure-step';
import { l2vpnProduct } from '../products/l2vpn-product';
import { nodeProduct } from '../products/node-product';
import { portProduct } from '../products/port-product';
import { subscriptionIdIn } from '../subscription-id';

interface FreePort {
  readonly subscription_id: string;
  readonly description: string;
  readonly vlan_mode: string;
  readonly speed: number;
}

/** Active ports on the given nodes that no L2VPN uses (a terminated one does not count). */
async function freePortsOn(domain: DomainFormServices, nodeIds: readonly string[]): Promise<FreePort[]> {
  const ports = await domain.listSubscriptions({ product: portProduct, statuses: ['active'] });
  const free: FreePort[] = [];
  for (const summary of ports) {
    const model = await domain.loadSubscription(summary.subscription_id);
    const port = model.port as { node: { owner_subscription_id: string }; vlan_mode: string; speed: number };
    if (!nodeIds.includes(port.node.owner_subscription_id)) continue;
    const users = await domain.inUseBy(summary.subscription_id);
    if (users.some((u) => u.status !== 'terminated')) continue;
    free.push({ ...summary, vlan_mode: port.vlan_mode, speed: port.speed });
  }
  return free;
}

const vlanField = z.number().int().min(2, 'VLAN ids run from 2 to 4094').max(4094, 'VLAN ids run from 2 to 4094');

/** Service speed: at most the slowest port's. */
const serviceSpeed = (slowest: number) =>
  z
    .number()
    .int()
    .positive()
    .max(slowest, `The service speed cannot exceed the slowest chosen port (${slowest} Mbit/s)`);

const createL2vpnForm: FormGenerator = function* (_state, ctx) {
  const domain = domainOf(ctx);
  const nodes = yield* load(() => domain.listSubscriptions({ product: nodeProduct, statuses: ['active'] }));
  const { nodes: chosenNodes } = yield* ask(
    z
      .object({
        customer_id: z.string().min(1),
        nodes: z
          .array(subscriptionChoice('NodeChoice', nodes, 'There is no active node: create nodes and ports first'))
          .min(1, 'Choose the node(s) the L2VPN connects'),
      })
      .meta({ title: 'New L2VPN: between which nodes?' }),
  );
  const free = yield* load(() => freePortsOn(domain, chosenNodes));
  const { ports } = yield* ask(
    z
      .object({
        ports: z
          .array(
            subscriptionChoice(
              'PortChoice',
              free,
              'The chosen nodes have no free ports: create ports first (create_port), or choose other nodes',
            ),
          )
          .min(2, 'Choose at least two ports')
          .refine((ids) => new Set(ids).size === ids.length, 'Choose each port once')
          .superRefine((ids, issues) => {
            const modes = new Set(ids.map((id) => free.find((p) => p.subscription_id === id)?.vlan_mode));
            if (modes.size > 1) {
              issues.addIssue({
                code: 'custom',
                message: `All ports of an L2VPN need the same VLAN mode: ${ids
                  .map((id) => free.find((p) => p.subscription_id === id))
                  .map((p) => `${p?.description} is ${p?.vlan_mode}`)
                  .join(', ')}`,
              });
            }
          }),
      })
      .meta({ title: 'Which ports?' }),
  );
  const slowest = Math.min(...ports.map((id) => free.find((p) => p.subscription_id === id)!.speed));
  yield z
    .object({
      vlan_id: vlanField.optional().describe('Leave empty to take the next free VLAN'),
      speed: serviceSpeed(slowest).default(slowest),
    })
    .meta({ title: 'The service' });
};

const loadL2vpn = (state: State, ctx: StepContext) => ctx.subscriptions.load(subscriptionIdIn(state), l2vpnProduct);

/** The service as the NMS stores it: over the port subscriptions' interfaces. */
const serviceOf = (l2vpn: { vlan_id: unknown; speed: unknown; ports: unknown }) => ({
  vlan_id: l2vpn.vlan_id,
  speed: l2vpn.speed,
  interface_ids: (l2vpn.ports as Array<{ owner_subscription_id: string }>).map((p) => p.owner_subscription_id),
});

/** Reserve the VLAN for this L2VPN: the one asked for, or the pool's next free one. 409 when it is taken. */
const reserveVlan = step('Reserve the VLAN', async (state, ctx) => {
  const subscription = await loadL2vpn(state, ctx);
  const requested = typeof state.vlan_id === 'number' ? state.vlan_id : undefined;
  const { body } = await callNms<{ vlan_id: number }>('POST', '/vlans/allocations', {
    owner: subscription.subscription_id,
    ...(requested === undefined ? {} : { vlan_id: requested }),
  });
  subscription.l2vpn.vlan_id = body.vlan_id;
  return { subscription };
});

const configureService = configureStep('Configure the service', (state) => {
  const l2vpn = (state.subscription as { l2vpn: { vlan_id: unknown; speed: unknown; ports: unknown } }).l2vpn;
  return { kind: 'service', id: subscriptionIdIn(state), configuration: serviceOf(l2vpn) };
});

export const createL2vpn = createWorkflow(
  { key: 'create_l2vpn', description: 'Create an L2VPN between ports', initialInputForm: createL2vpnForm },
  steps(
    step('Create subscription', async (state, ctx) => {
      const ports = await Promise.all((state.ports as string[]).map((id) => ctx.subscriptions.load(id, portProduct)));
      const inactive = ports.filter((p) => p.status !== 'active');
      if (inactive.length > 0) {
        throw new Error(`Ports must be active: ${inactive.map((p) => `${p.description} is ${p.status}`).join(', ')}`);
      }
      const subscription = await ctx.subscriptions.create(l2vpnProduct, {
        customerId: String(state.customer_id),
        description: `L2VPN ${ports.map((p) => p.description.replace(/^Port /, '')).join(' <-> ')}`,
      });
      subscription.l2vpn.speed = Number(state.speed);
      subscription.l2vpn.ports = ports.map((p) => p.port); // linked: the ports are now in use by this L2VPN
      return { subscription };
    }),
    reserveVlan,
    step('Register the service in the NMS', async (state, ctx) => {
      const subscription = await loadL2vpn(state, ctx);
      await callNms('PUT', `/services/${subscription.subscription_id}`, serviceOf(subscription.l2vpn));
    }),
    configureService,
  ),
);

const modifyL2vpnForm: FormGenerator = function* (state, ctx) {
  const current = yield* load(() => domainOf(ctx).loadSubscription(String(state.subscription_id)));
  const l2vpn = current.l2vpn as { vlan_id: number; speed: number; ports: Array<{ speed: number }> };
  const slowest = Math.min(...l2vpn.ports.map((p) => p.speed));
  const answer = yield* ask(
    z
      .object({ vlan_id: vlanField.default(l2vpn.vlan_id), speed: serviceSpeed(slowest).default(l2vpn.speed) })
      .meta({ title: `Change ${current.description}` }),
  );
  return { ...answer, previous_vlan_id: l2vpn.vlan_id };
};

export const modifyL2vpn = modifyWorkflow(
  { key: 'modify_l2vpn', description: 'Change the VLAN or speed of an L2VPN', initialInputForm: modifyL2vpnForm },
  steps(
    step('Update subscription', async (state, ctx) => {
      const subscription = await loadL2vpn(state, ctx);
      subscription.l2vpn.speed = Number(state.speed);
      return { subscription };
    }),
    reserveVlan,
    retryStep('Update the service in the NMS', async (state, ctx) => {
      const subscription = await loadL2vpn(state, ctx);
      await callNms('PUT', `/services/${subscription.subscription_id}`, serviceOf(subscription.l2vpn));
    }),
    configureService,
    conditional((state) => state.vlan_id !== state.previous_vlan_id)(
      retryStep('Release the previous VLAN', async (state) => {
        const path = `/vlans/allocations/${Number(state.previous_vlan_id)}/${subscriptionIdIn(state)}`;
        await callNms('DELETE', path, undefined, { accept: [404] });
      }),
    ),
  ),
);

export const terminateL2vpn = terminateWorkflow(
  { key: 'terminate_l2vpn', description: 'Terminate an L2VPN' },
  steps(
    retryStep('Remove the service from the NMS', async (state) => {
      await callNms('DELETE', `/services/${subscriptionIdIn(state)}`, undefined, { accept: [404] });
    }),
    retryStep('Release the VLAN', async (state, ctx) => {
      const subscription = await loadL2vpn(state, ctx);
      const path = `/vlans/allocations/${Number(subscription.l2vpn.vlan_id)}/${subscription.subscription_id}`;
      await callNms('DELETE', path, undefined, { accept: [404] });
    }),
  ),
);

export const validateL2vpn = validateWorkflow(
  { key: 'validate_l2vpn', description: 'Compare an L2VPN with the NMS' },
  steps(
    step('Compare with the NMS', async (state, ctx) => {
      const subscription = await loadL2vpn(state, ctx);
      const { body } = await callNms<Record<string, unknown>>('GET', `/services/${subscription.subscription_id}`);
      const expected: Record<string, unknown> = serviceOf(subscription.l2vpn);
      const differences = Object.keys(expected)
        .filter((key) => JSON.stringify(body[key]) !== JSON.stringify(expected[key]))
        .map((key) => `${key}: NMS has ${JSON.stringify(body[key])}, subscription ${JSON.stringify(expected[key])}`);
      if (differences.length > 0)
        throw new InconsistentDataError('The NMS does not match the subscription', differences);
      return { nms_matches: true };
    }),
  ),
);
