import { z } from 'zod';
import { product, productBlock } from '@wfo/core';

export const NODE_ROLES = ['core', 'edge', 'access'] as const;

/** The sites a node can be placed at. */
export const SITES = ['Amsterdam', 'Utrecht', 'Eindhoven', 'Geneva', 'London'] as const;

/**
 * A router. Its name, role and site are known from the order; the loopback address is allocated by the NMS while it
 * is provisioned, so it is only required once active.
 */
export const nodeBlock = productBlock('NodeBlock', {
  description: 'A router in the network',
  fields: {
    node_name: z.string().regex(/^[a-z0-9-]{2,30}$/),
    role: z.enum(NODE_ROLES),
    location: z.enum(SITES),
    loopback_address: z.ipv4(),
  },
  requiredIn: {
    provisioning: ['node_name', 'role', 'location'],
    active: ['node_name', 'role', 'location', 'loopback_address'],
  },
});

export const nodeProduct = product({
  name: 'Node',
  type: 'Node',
  tag: 'NODE',
  description: 'A router in the network',
  fixedInputs: { vendor: 'generic' },
  root: { node: nodeBlock },
  workflows: ['create_node', 'modify_node', 'terminate_node', 'validate_node'],
});
