import { z } from 'zod';
import {
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
  type FormGenerator,
  type State,
  type StepContext,
} from '@wfo/core';
import { domainOf, subscriptionChoice } from '../forms/choices';
import { callNms } from '../nms/nms-client';
import { configureStep } from '../nms/configure-step';
import { nodeProduct } from '../products/node-product';
import { PORT_SPEEDS, VLAN_MODES, portProduct } from '../products/port-product';
import { subscriptionIdIn } from '../subscription-id';

type Speed = (typeof PORT_SPEEDS)[number];
type VlanMode = (typeof VLAN_MODES)[number];

const speedField = z.literal([...PORT_SPEEDS], { error: `Choose a speed in Mbit/s: ${PORT_SPEEDS.join(', ')}` });

const createPortForm: FormGenerator = function* (_state, ctx) {
  const nodes = yield* load(() => domainOf(ctx).listSubscriptions({ product: nodeProduct, statuses: ['active'] }));
  const { node } = yield* ask(
    z
      .object({
        customer_id: z.string().min(1),
        node: subscriptionChoice('NodeChoice', nodes, 'There is no active node: create a node first (create_node)'),
      })
      .meta({ title: 'New port: on which node?' }),
  );
  const chosen = nodes.find((n) => n.subscription_id === node);
  yield z
    .object({
      port_name: z.string().regex(/^[a-z]{2}-\d+\/\d+\/\d+$/, 'Use the interface name, e.g. "et-0/0/1"'),
      speed: speedField,
      vlan_mode: z.enum(VLAN_MODES),
    })
    .meta({ title: `The port on ${chosen?.description ?? 'the node'}` });
};

const loadPort = (state: State, ctx: StepContext) => ctx.subscriptions.load(subscriptionIdIn(state), portProduct);

/** The interface as the NMS stores it: its id is the port subscription's, its device the node subscription's. */
const interfaceOf = (port: { port_name: unknown; speed: unknown; vlan_mode: unknown; node: unknown }) => ({
  device_id: (port.node as { owner_subscription_id: string }).owner_subscription_id,
  name: port.port_name,
  speed: port.speed,
  vlan_mode: port.vlan_mode,
});

const configureInterface = configureStep('Configure the interface', (state) => {
  const port = (state.subscription as { port: Record<string, unknown> }).port;
  return {
    kind: 'interface',
    id: subscriptionIdIn(state),
    configuration: { name: port.port_name, speed: port.speed, vlan_mode: port.vlan_mode },
  };
});

export const createPort = createWorkflow(
  { key: 'create_port', description: 'Create a port on a node', initialInputForm: createPortForm },
  steps(
    step('Create subscription', async (state, ctx) => {
      const node = await ctx.subscriptions.load(String(state.node), nodeProduct);
      // The form offered active nodes only, but the node may have changed since.
      if (node.status !== 'active') {
        throw new Error(`Node ${node.node.node_name} is ${node.status}: a port can only be created on an active node`);
      }
      const subscription = await ctx.subscriptions.create(portProduct, {
        customerId: String(state.customer_id),
        description: `Port ${String(state.port_name)} on ${node.node.node_name}`,
      });
      subscription.port.port_name = String(state.port_name);
      subscription.port.speed = Number(state.speed);
      subscription.port.vlan_mode = state.vlan_mode as VlanMode;
      subscription.port.node = node.node; // linked: the port depends on the node
      return { subscription };
    }),
    // 404 (no such device) or 409 (the name is taken on it) need a person: a plain step.
    step('Register the interface in the NMS', async (state, ctx) => {
      const subscription = await loadPort(state, ctx);
      await callNms('PUT', `/interfaces/${subscription.subscription_id}`, interfaceOf(subscription.port));
    }),
    configureInterface,
  ),
);

const modifyPortForm: FormGenerator = function* (state, ctx) {
  const id = String(state.subscription_id);
  const current = yield* load(() => domainOf(ctx).loadSubscription(id));
  const users = yield* load(() => domainOf(ctx).inUseBy(id));
  const port = current.port as { port_name: string; speed: Speed; vlan_mode: VlanMode };
  const services = users.filter((u) => u.status !== 'terminated');
  yield z
    .object({ speed: speedField.default(port.speed), vlan_mode: z.enum(VLAN_MODES).default(port.vlan_mode) })
    .superRefine((answer, issues) => {
      if (answer.vlan_mode !== port.vlan_mode && services.length > 0) {
        issues.addIssue({
          code: 'custom',
          path: ['vlan_mode'],
          message: `The port is used by ${services.map((s) => s.description).join(', ')}: its VLAN mode cannot change`,
        });
      }
    })
    .meta({ title: `Change port ${port.port_name}` });
};

export const modifyPort = modifyWorkflow(
  { key: 'modify_port', description: 'Change the speed or VLAN mode of a port', initialInputForm: modifyPortForm },
  steps(
    step('Update subscription', async (state, ctx) => {
      const subscription = await loadPort(state, ctx);
      subscription.port.speed = Number(state.speed);
      subscription.port.vlan_mode = state.vlan_mode as VlanMode;
      return { subscription };
    }),
    retryStep('Update the interface in the NMS', async (state, ctx) => {
      const subscription = await loadPort(state, ctx);
      await callNms('PUT', `/interfaces/${subscription.subscription_id}`, interfaceOf(subscription.port));
    }),
    configureInterface,
  ),
);

export const terminatePort = terminateWorkflow(
  { key: 'terminate_port', description: 'Terminate a port' },
  steps(
    retryStep('Remove the interface from the NMS', async (state) => {
      await callNms('DELETE', `/interfaces/${subscriptionIdIn(state)}`, undefined, { accept: [404] });
    }),
  ),
);

export const validatePort = validateWorkflow(
  { key: 'validate_port', description: 'Compare a port with the NMS' },
  steps(
    step('Compare with the NMS', async (state, ctx) => {
      const subscription = await loadPort(state, ctx);
      const { body } = await callNms<Record<string, unknown>>('GET', `/interfaces/${subscription.subscription_id}`);
      const expected: Record<string, unknown> = interfaceOf(subscription.port);
      const differences = Object.keys(expected)
        .filter((key) => body[key] !== expected[key])
        .map((key) => `${key}: NMS has ${JSON.stringify(body[key])}, subscription ${JSON.stringify(expected[key])}`);
      if (differences.length > 0)
        throw new InconsistentDataError('The NMS does not match the subscription', differences);
      return { nms_matches: true };
    }),
  ),
);
