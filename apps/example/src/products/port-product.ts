import { z } from 'zod';
import { product, productBlock } from '@wfo/core';
import { nodeBlock } from './node-product';

/** Port speeds in Mbit/s. */
export const PORT_SPEEDS = [1_000, 10_000, 100_000] as const;
export const VLAN_MODES = ['untagged', 'tagged'] as const;

/**
 * A port on a node. `node` is the node subscription's own block, linked (never copied): the port depends on the
 * node, so the node cannot be terminated while the port is not.
 */
export const portBlock = productBlock('PortBlock', {
  description: 'A port on a node',
  fields: {
    port_name: z.string().regex(/^[a-z]{2}-\d+\/\d+\/\d+$/),
    speed: z.number().int(),
    vlan_mode: z.enum(VLAN_MODES),
  },
  blocks: { node: nodeBlock },
  requiredIn: {
    provisioning: ['port_name', 'speed', 'vlan_mode', 'node'],
    active: ['port_name', 'speed', 'vlan_mode', 'node'],
  },
});

export const portProduct = product({
  name: 'Port',
  type: 'Port',
  tag: 'PORT',
  description: 'A customer port on a node',
  root: { port: portBlock },
  workflows: ['create_port', 'modify_port', 'terminate_port', 'validate_port'],
});
