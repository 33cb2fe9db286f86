/**
 * @wfo/domain: products and subscriptions. Products, product blocks, resource types and fixed inputs are declared
 * in code (`product`, `productBlock`, `optional`, `many`) and synced to the database; subscriptions are models typed
 * per product and validated per lifecycle; the workflow kinds add orchestrator-core's implicit steps and pages.
 *
 * @example
 * const node = productBlock('NodeBlock', { fields: { node_name: z.string() }, requiredIn: { active: ['node_name'] } });
 * const nodeProduct = product({ name: 'Node', type: 'Node', tag: 'NODE', description: 'A router', root: { node },
 *   workflows: ['create_node'] });
 */
import './service-types';

export { LIFECYCLES, Lifecycle, ProductLifecycle, SAFE_PARENT_STATUSES, isLifecycle } from './lifecycle';
export {
  BLOCK_META_KEYS,
  allBlocks,
  blockOf,
  many,
  optional,
  productBlock,
  type BlockDef,
  type FieldMap,
  type ManyBlocks,
  type NestedBlock,
  type NestedMap,
  type OptionalBlock,
  type ProductBlockOptions,
} from './declarations/product-block';
export {
  SUBSCRIPTION_KEYS,
  isProductDefinition,
  product,
  type ProductDefinition,
  type ProductOptions,
} from './declarations/product';
export {
  BlockInstance,
  newBlockInstance,
  type BlockValue,
  type FieldValue,
  type NestedValue,
} from './model/block-instance';
export { decodeField, encodeField, isListField, unwrapField } from './model/field-codec';
export {
  SubscriptionModel,
  isSubscriptionModel,
  type AnySubscriptionModel,
  type ModelOf,
  type ProductInfo,
} from './model/subscription-model';
export { SubscriptionValidationError, assertValidFor, modelProblems } from './model/model-validation';
export { UnsafeStatusChangeError, convertLifecycle } from './model/lifecycle-conversion';
export { ProductCatalog, ProductNotSyncedError, type CatalogProduct } from './persistence/product-catalog';
export {
  DEFAULT_PRODUCT_WORKFLOWS,
  DestructiveProductChangeError,
  planProductSync,
  syncProducts,
  type SyncAction,
  type SyncPlan,
} from './persistence/product-sync';
export { loadSubscription } from './persistence/load-subscription';
export { linkProcess, saveSubscription, saveSubscriptions } from './persistence/save-subscription';
export { SubscriptionRepository, type ProcessBinding } from './persistence/subscription-repository';
export {
  StaleSubscriptionError,
  SubscriptionNotFoundError,
  SubscriptionSaveError,
} from './persistence/subscription-errors';
export {
  dependsOnSubscriptions,
  inUseByPerInstance,
  inUseBySubscriptions,
  type RelatedSubscription,
} from './persistence/relations';
export {
  REASON_TEXT,
  TARGET_DEFAULT_USABLE,
  USABLE_WHILE_OUT_OF_SYNC,
  loadSubscriptionWorkflows,
  subscriptionWorkflows,
  type LinkedWorkflow,
  type SubscriptionWorkflows,
  type WorkflowAvailability,
} from './availability/subscription-workflows';
export {
  DomainFormServices,
  type ChosenSubscription,
  type SubscriptionCheck,
  type SubscriptionSummary,
} from './domain-form-services';
export {
  resync,
  setStatus,
  storeProcessSubscription,
  subscriptionIdOf,
  unsync,
  unsyncUnchecked,
} from './workflows/subscription-steps';
export {
  createWorkflow,
  modifyWorkflow,
  reconcileWorkflow,
  terminateWorkflow,
  validateWorkflow,
  type CreateWorkflowOptions,
  type SubscriptionWorkflowOptions,
} from './workflows/workflow-kinds';
export { productChoicePage, subscriptionBeginState, subscriptionChoicePage } from './workflows/first-pages';
export { NOTE_LENGTH, modifyNote } from './workflows/modify-note';
