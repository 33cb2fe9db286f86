// Products of the end-to-end test application: a node with ports, and a service that uses a node's port.
import { existsSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import {
  createWorkflow,
  inputStep,
  many,
  modifyWorkflow,
  optional,
  product,
  productBlock,
  step,
  steps,
  terminateWorkflow,
} from '@wfo/core';

export const portBlock = productBlock('E2ePortBlock', {
  fields: { port_name: z.string(), speed: z.number().int() },
  requiredIn: { active: ['port_name', 'speed'] },
});

export const nodeBlock = productBlock('E2eNodeBlock', {
  fields: { node_name: z.string(), location: z.string() },
  blocks: { ports: many(portBlock, { max: 8 }) },
  requiredIn: { active: ['node_name', 'ports'] },
});

export const serviceBlock = productBlock('E2eServiceBlock', {
  fields: { service_name: z.string() },
  blocks: { endpoint: optional(portBlock) },
  requiredIn: { active: ['service_name', 'endpoint'] },
});

export const nodeProduct = product({
  name: 'E2E Node',
  type: 'Node',
  tag: 'NODE',
  description: 'A test router',
  root: { node: nodeBlock },
  workflows: ['e2e_create_node', 'e2e_modify_node', 'e2e_modify_node_approval', 'e2e_terminate_node'],
});

export const serviceProduct = product({
  name: 'E2E Service',
  type: 'Service',
  tag: 'SVC',
  description: 'A test service on a node port',
  root: { service: serviceBlock },
  workflows: ['e2e_create_service', 'e2e_terminate_service'],
});

export const createNode = createWorkflow(
  {
    key: 'e2e_create_node',
    initialInputForm: z.object({ customer_id: z.string(), node_name: z.string(), ports: z.array(z.string()) }),
  },
  steps(
    step('Create subscription', async (state, ctx) => {
      const subscription = await ctx.subscriptions.create(nodeProduct, { customerId: String(state.customer_id) });
      subscription.node.node_name = String(state.node_name);
      subscription.node.ports = (state.ports as string[]).map((port_name) =>
        ctx.subscriptions.newBlock(portBlock, { port_name, speed: 10_000 }),
      );
      return { subscription };
    }),
  ),
);

export const modifyNode = modifyWorkflow(
  { key: 'e2e_modify_node', initialInputForm: z.object({ location: z.string() }) },
  steps(
    step('Update location', async (state, ctx) => {
      const subscription = await ctx.subscriptions.load(String(state.subscription_id), nodeProduct);
      subscription.node.location = String(state.location);
      return { subscription };
    }),
  ),
);

/** A modify workflow that waits for an approval (so its subscription stays locked while it waits). */
export const modifyNodeApproval = modifyWorkflow(
  { key: 'e2e_modify_node_approval' },
  steps(inputStep('Approve', { form: z.object({ approved: z.boolean() }) })),
);

export const terminateNode = terminateWorkflow(
  { key: 'e2e_terminate_node', initialInputForm: z.object({ marker: z.string().optional() }) },
  steps(
    step('Deprovision', (state) => {
      // With a marker: fail once (so a test can see the subscription stay locked after a failure).
      const marker = state.marker;
      if (typeof marker === 'string' && !existsSync(marker)) {
        writeFileSync(marker, 'failed once');
        throw new Error('device unreachable');
      }
      return { deprovisioned: true };
    }),
  ),
);

export const createService = createWorkflow(
  {
    key: 'e2e_create_service',
    initialInputForm: z.object({ customer_id: z.string(), node_subscription_id: z.string() }),
  },
  steps(
    step('Create subscription', async (state, ctx) => {
      const node = await ctx.subscriptions.load(String(state.node_subscription_id), nodeProduct);
      const subscription = await ctx.subscriptions.create(serviceProduct, { customerId: String(state.customer_id) });
      subscription.service.service_name = `service on ${node.node.node_name}`;
      subscription.service.endpoint = node.node.ports[0]!;
      return { subscription };
    }),
  ),
);

export const terminateService = terminateWorkflow(
  { key: 'e2e_terminate_service' },
  steps(step('Deprovision', () => ({}))),
);

export const PRODUCT_WORKFLOWS = [
  createNode,
  modifyNode,
  modifyNodeApproval,
  terminateNode,
  createService,
  terminateService,
];
export const PRODUCTS = [nodeProduct, serviceProduct];
