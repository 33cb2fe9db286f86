import { z } from 'zod';
import { product, productBlock } from '@wfo/core';

/** A router's loopback address, allocated when it is provisioned. */
export const loopbackBlock = productBlock('ExampleLoopbackBlock', {
  fields: { ipv4_address: z.ipv4() },
  requiredIn: { active: ['ipv4_address'] },
});

/** A router: what the customer buys as a "Node". */
export const nodeBlock = productBlock('ExampleNodeBlock', {
  fields: {
    node_name: z.string().min(2),
    role: z.enum(['core', 'edge', 'access']),
    location: z.string(),
  },
  blocks: { loopback: loopbackBlock },
  requiredIn: { provisioning: ['node_name', 'role'], active: ['node_name', 'role', 'location', 'loopback'] },
});

export const nodeProduct = product({
  name: 'Example Node',
  type: 'Node',
  tag: 'NODE',
  description: 'A router in the example network',
  fixedInputs: { vendor: 'generic' },
  root: { node: nodeBlock },
  workflows: ['create_example_node', 'modify_example_node', 'terminate_example_node', 'validate_example_node'],
});
