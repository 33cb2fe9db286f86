import { z } from 'zod';
import {
  createWorkflow,
  inputStep,
  modifyWorkflow,
  step,
  steps,
  terminateWorkflow,
  validateWorkflow,
  InconsistentDataError,
} from '@wfo/core';
import { nodeProduct } from './node-product';

const nodeForm = z
  .object({
    customer_id: z.string().min(1),
    node_name: z.string().min(2),
    role: z.enum(['core', 'edge', 'access']),
    location: z.string().min(2),
  })
  .meta({ title: 'New node' });

/** Allocate a loopback address from the router's name (a stand-in for an IPAM call). */
function loopbackFor(nodeName: string): string {
  let hash = 0;
  for (const char of nodeName) hash = (hash * 31 + char.charCodeAt(0)) % 65_024;
  return `10.255.${Math.floor(hash / 254)}.${(hash % 254) + 1}`;
}

export const createNode = createWorkflow(
  { key: 'create_example_node', description: 'Create a node', initialInputForm: nodeForm },
  steps(
    step('Create subscription', async (state, ctx) => {
      const subscription = await ctx.subscriptions.create(nodeProduct, { customerId: String(state.customer_id) });
      subscription.description = `Node ${String(state.node_name)}`;
      subscription.node.node_name = String(state.node_name);
      subscription.node.role = state.role as 'core' | 'edge' | 'access';
      subscription.node.location = String(state.location);
      return { subscription };
    }),
    step('Allocate loopback', async (state, ctx) => {
      const subscription = await ctx.subscriptions.load(
        String((state.subscription as { subscription_id: string }).subscription_id),
        nodeProduct,
      );
      subscription.node.loopback.ipv4_address = loopbackFor(subscription.node.node_name ?? '');
      return { subscription };
    }),
    inputStep('Confirm the router is racked', {
      form: z.object({ racked: z.literal(true) }).meta({ title: 'Is the router racked and cabled?' }),
      assignee: 'NOC',
    }),
  ),
);

export const modifyNode = modifyWorkflow(
  {
    key: 'modify_example_node',
    description: 'Move a node',
    initialInputForm: z.object({ location: z.string().min(2) }).meta({ title: 'New location' }),
  },
  steps(
    step('Update location', async (state, ctx) => {
      const subscription = await ctx.subscriptions.load(String(state.subscription_id), nodeProduct);
      subscription.node.location = String(state.location);
      return { subscription };
    }),
  ),
);

export const terminateNode = terminateWorkflow(
  { key: 'terminate_example_node', description: 'Terminate a node' },
  steps(step('Release loopback', () => ({ loopback_released: true }))),
);

export const validateNode = validateWorkflow(
  { key: 'validate_example_node', description: 'Check a node' },
  steps(
    step('Check loopback', async (state, ctx) => {
      const subscription = await ctx.subscriptions.load(String(state.subscription_id), nodeProduct);
      const expected = loopbackFor(subscription.node.node_name ?? '');
      if (subscription.node.loopback.ipv4_address !== expected) {
        throw new InconsistentDataError('Loopback address does not match the allocation', {
          expected,
          actual: subscription.node.loopback.ipv4_address,
        });
      }
      return { loopback_ok: true };
    }),
  ),
);
