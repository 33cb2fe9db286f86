import { z } from 'zod';
import {
  createWorkflow,
  InconsistentDataError,
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
import { domainOf } from '../forms/choices';
import { callNms } from '../nms/nms-client';
import { configureStep } from '../nms/configure-step';
import { NODE_ROLES, SITES, nodeProduct } from '../products/node-product';
import { subscriptionIdIn } from '../subscription-id';

interface NmsDevice {
  name: string;
  role: string;
  location: string;
  loopback: string | null;
}

const createNodeForm: FormGenerator = function* () {
  yield z
    .object({
      customer_id: z.string().min(1).describe('The customer the node is for'),
      node_name: z
        .string()
        .regex(/^[a-z0-9-]{2,30}$/, 'Use 2 to 30 lowercase letters, digits and dashes, e.g. "ams-r1"'),
      role: z.enum(NODE_ROLES),
    })
    .meta({ title: 'New node' });
  yield z.object({ location: z.enum(SITES) }).meta({ title: 'Where the node is placed' });
};

/** The loaded node, as the steps after "Create subscription" read it. */
const loadNode = (state: State, ctx: StepContext) => ctx.subscriptions.load(subscriptionIdIn(state), nodeProduct);

const deviceOf = (node: { node_name: unknown; role: unknown; location: unknown; loopback_address: unknown }) => ({
  name: node.node_name,
  role: node.role,
  location: node.location,
  loopback: node.loopback_address ?? null,
});

const configureDevice = configureStep('Configure the device', (state) => {
  const node = (state.subscription as { node: Record<string, unknown> }).node;
  return {
    kind: 'device',
    id: subscriptionIdIn(state),
    configuration: { hostname: node.node_name, role: node.role, loopback: node.loopback_address },
  };
});

export const createNode = createWorkflow(
  { key: 'create_node', description: 'Create a node', initialInputForm: createNodeForm },
  steps(
    step('Create subscription', async (state, ctx) => {
      const subscription = await ctx.subscriptions.create(nodeProduct, {
        customerId: String(state.customer_id),
        description: `Node ${String(state.node_name)}`,
      });
      subscription.node.node_name = String(state.node_name);
      subscription.node.role = state.role as (typeof NODE_ROLES)[number];
      subscription.node.location = state.location as (typeof SITES)[number];
      return { subscription };
    }),
    // Allocation is idempotent per owner, so repeating it after a 5xx or a lost answer is safe: a retry step.
    retryStep('Allocate a loopback address', async (state, ctx) => {
      const subscription = await loadNode(state, ctx);
      const { body } = await callNms<{ address: string }>('POST', '/ipv4/allocations', {
        owner: subscription.subscription_id,
      });
      subscription.node.loopback_address = body.address;
      return { subscription };
    }),
    // A 409 (another device has this name) needs a person: a plain step, which fails and waits for a retry.
    step('Register the device in the NMS', async (state, ctx) => {
      const subscription = await loadNode(state, ctx);
      await callNms('PUT', `/devices/${subscription.subscription_id}`, deviceOf(subscription.node));
    }),
    configureDevice,
  ),
);

const modifyNodeForm: FormGenerator = function* (state, ctx) {
  const current = yield* load(() => domainOf(ctx).loadSubscription(String(state.subscription_id)));
  const node = current.node as { role: (typeof NODE_ROLES)[number]; location: (typeof SITES)[number] };
  // The current values are the defaults: the form opens prefilled, and an answer may leave a field out.
  yield z
    .object({ role: z.enum(NODE_ROLES).default(node.role), location: z.enum(SITES).default(node.location) })
    .meta({ title: `Change node ${String((current.node as { node_name: string }).node_name)}` });
};

export const modifyNode = modifyWorkflow(
  { key: 'modify_node', description: 'Change the role or site of a node', initialInputForm: modifyNodeForm },
  steps(
    step('Update subscription', async (state, ctx) => {
      const subscription = await loadNode(state, ctx);
      subscription.node.role = state.role as (typeof NODE_ROLES)[number];
      subscription.node.location = state.location as (typeof SITES)[number];
      return { subscription };
    }),
    retryStep('Update the device in the NMS', async (state, ctx) => {
      const subscription = await loadNode(state, ctx);
      await callNms('PUT', `/devices/${subscription.subscription_id}`, deviceOf(subscription.node));
    }),
    configureDevice,
  ),
);

export const terminateNode = terminateWorkflow(
  { key: 'terminate_node', description: 'Terminate a node' },
  steps(
    // A retry may find the device or the address gone already (404): that is what the step wanted.
    retryStep('Remove the device from the NMS', async (state) => {
      await callNms('DELETE', `/devices/${subscriptionIdIn(state)}`, undefined, { accept: [404] });
    }),
    retryStep('Release the loopback address', async (state) => {
      await callNms('DELETE', `/ipv4/allocations/${subscriptionIdIn(state)}`, undefined, { accept: [404] });
    }),
  ),
);

export const validateNode = validateWorkflow(
  { key: 'validate_node', description: 'Compare a node with the NMS' },
  steps(
    step('Compare with the NMS', async (state, ctx) => {
      const subscription = await loadNode(state, ctx);
      const { body: device } = await callNms<NmsDevice>('GET', `/devices/${subscription.subscription_id}`);
      const expected = deviceOf(subscription.node);
      const differences = (Object.keys(expected) as Array<keyof typeof expected>)
        .filter((key) => device[key] !== expected[key])
        .map((key) => `${key}: NMS has ${JSON.stringify(device[key])}, subscription ${JSON.stringify(expected[key])}`);
      if (differences.length > 0)
        throw new InconsistentDataError('The NMS does not match the subscription', differences);
      return { nms_matches: true };
    }),
  ),
);
