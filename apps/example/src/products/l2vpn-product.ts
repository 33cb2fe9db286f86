import { z } from 'zod';
import { many, product, productBlock } from '@wfo/core';
import { portBlock } from './port-product';

/**
 * A layer-2 VPN between two or more ports. `ports` are the port subscriptions' own blocks, linked: while the L2VPN
 * is not terminated, none of its ports can be.
 */
export const l2vpnBlock = productBlock('L2vpnBlock', {
  description: 'A layer-2 service between ports',
  fields: {
    vlan_id: z.number().int().min(1).max(4094),
    speed: z.number().int().positive(),
  },
  blocks: { ports: many(portBlock, { min: 2 }) },
  requiredIn: { provisioning: ['speed', 'ports'], active: ['vlan_id', 'speed', 'ports'] },
});

export const l2vpnProduct = product({
  name: 'L2VPN',
  type: 'L2VPN',
  tag: 'L2VPN',
  description: 'A layer-2 VPN between ports',
  root: { l2vpn: l2vpnBlock },
  workflows: ['create_l2vpn', 'modify_l2vpn', 'terminate_l2vpn', 'validate_l2vpn'],
});
