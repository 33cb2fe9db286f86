// The example application: `npm start` at the repository root runs it with `wfo dev`.
import { defineOrchestrator } from '@wfo/core';
import { nodeProduct } from './node-product';
import { createNode, modifyNode, terminateNode, validateNode } from './node-workflows';

// The CLI loads the application from the module's default export (SPEC §3).
// eslint-disable-next-line no-restricted-syntax
export default defineOrchestrator({
  products: [nodeProduct],
  workflows: [createNode, modifyNode, terminateNode, validateNode],
});
