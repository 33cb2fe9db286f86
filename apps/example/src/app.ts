// The example orchestrator: a small network (nodes, ports, L2VPNs) provisioned through an NMS (apps/nms-simulator).
// `npm start` at the repository root runs it with `wfo dev`, next to the simulator.
import { defineOrchestrator } from '@wfo/core';
import { l2vpnProduct } from './products/l2vpn-product';
import { nodeProduct } from './products/node-product';
import { portProduct } from './products/port-product';
import { createL2vpn, modifyL2vpn, terminateL2vpn, validateL2vpn } from './workflows/l2vpn-workflows';
import { createNode, modifyNode, terminateNode, validateNode } from './workflows/node-workflows';
import { createPort, modifyPort, terminatePort, validatePort } from './workflows/port-workflows';

// The CLI loads the application from the module's default export (SPEC §3). The built-in
// `task_validate_subscriptions` runs every active subscription's validate_* workflow (nightly, and by hand:
// POST /api/processes/task_validate_subscriptions).
// eslint-disable-next-line no-restricted-syntax
export default defineOrchestrator({
  products: [nodeProduct, portProduct, l2vpnProduct],
  workflows: [
    createNode,
    modifyNode,
    terminateNode,
    validateNode,
    createPort,
    modifyPort,
    terminatePort,
    validatePort,
    createL2vpn,
    modifyL2vpn,
    terminateL2vpn,
    validateL2vpn,
  ],
});
