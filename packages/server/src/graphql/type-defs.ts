/**
 * The GraphQL schema: orchestrator-core's type, input and field names, as far as the stock orchestrator UI
 * (`@orchestrator-ui/orchestrator-ui-components`) selects them (reference orchestrator-ui.md §2). The UI declares
 * its variables with these type names (`[GraphqlSort!]`, `[GraphqlFilter!]`) and writes fragments on
 * `SubscriptionInterface`, so the names are part of the contract. Reads only: every write is REST.
 *
 * Every list is an offset-paged `Connection { page, pageInfo }`: `after` is an offset, `first` a page size.
 */
const connectionArgs = (withQuery: boolean) =>
  `(filterBy: [GraphqlFilter!], sortBy: [GraphqlSort!], first: Int! = 10, after: Int! = 0${
    withQuery ? ', query: String' : ''
  })`;
const LIST = connectionArgs(true);
const LIST_WITHOUT_QUERY = connectionArgs(false);

// The interface's fields; its one implementation repeats them, as GraphQL requires.
const SUBSCRIPTION_FIELDS = `
  subscriptionId: UUID!
  customerId: String!
  description: String!
  status: SubscriptionLifecycle!
  insync: Boolean!
  startDate: DateTime
  endDate: DateTime
  note: String
  version: Int!
  product: ProductModelGraphql!
  customer: CustomerType!
  customerDescriptions: [CustomerDescription!]!
  metadata: JSON
  "The product's fixed inputs as [{field, value}]."
  fixedInputs: JSON!
  productBlockInstances(tags: [String!], resourceTypes: [String!]): [ProductBlockInstance!]!
  processes${LIST}: ProcessTypeConnection!
  inUseBySubscriptions${LIST}: SubscriptionInterfaceConnection!
  dependsOnSubscriptions${LIST}: SubscriptionInterfaceConnection!
`;

export const TYPE_DEFS = /* GraphQL */ `
"An ISO 8601 date and time with offset."
scalar DateTime
"Any JSON value."
scalar JSON
"A UUID as text."
scalar UUID

enum SortOrder { ASC DESC }

"Sort by a field (camelCase, as the list's sortFields name them)."
input GraphqlSort { field: String!, order: SortOrder! = ASC }

"""
Filter by a field (camelCase). A value starting with ! negates; a value splits on | (and on - except for fields
whose name contains 'date' or ends in 'id') into alternatives. Several filters are ANDed.
"""
input GraphqlFilter { field: String!, value: String! }

enum ProcessStatus {
  CREATED RUNNING SUSPENDED WAITING AWAITING_CALLBACK ABORTED FAILED API_UNAVAILABLE INCONSISTENT_DATA COMPLETED
  RESUMED
}
enum Target { CREATE MODIFY TERMINATE SYSTEM VALIDATE RECONCILE }
enum ProductLifecycle { ACTIVE PRE_PRODUCTION PHASE_OUT END_OF_LIFE }
enum SubscriptionLifecycle { INITIAL ACTIVE MIGRATING DISABLED TERMINATED PROVISIONING }

type PageInfo {
  hasNextPage: Boolean!
  hasPreviousPage: Boolean!
  "Offset of the first item of the page; null on an empty page."
  startCursor: Int
  "Offset of the last item of the page."
  endCursor: Int
  "Exact up to the server's exact-count limit, the planner's estimate above it."
  totalItems: Int
  sortFields: [String!]!
  filterFields: [String!]!
}

type ProcessTypeConnection { page: [ProcessType!]!, pageInfo: PageInfo! }
type SubscriptionInterfaceConnection { page: [SubscriptionInterface!]!, pageInfo: PageInfo! }
type ProductTypeConnection { page: [ProductType!]!, pageInfo: PageInfo! }
type ProductBlockConnection { page: [ProductBlock!]!, pageInfo: PageInfo! }
type ResourceTypeConnection { page: [ResourceType!]!, pageInfo: PageInfo! }
type WorkflowConnection { page: [Workflow!]!, pageInfo: PageInfo! }
type CustomerTypeConnection { page: [CustomerType!]!, pageInfo: PageInfo! }
type ScheduledTaskGraphqlConnection { page: [ScheduledTaskGraphql!]!, pageInfo: PageInfo! }

type ProcessType {
  processId: UUID!
  workflowId: UUID!
  workflowName: String!
  workflowTarget: Target
  isTask: Boolean!
  lastStatus: ProcessStatus!
  lastStep: String
  assignee: String!
  failedReason: String
  traceback: String
  createdBy: String
  startedAt: DateTime!
  lastModifiedAt: DateTime!
  note: String
  "The product of the process's first subscription."
  productId: UUID
  "The customer of the process's first subscription."
  customerId: String
  product: ProductType
  customer: CustomerType
  "Every step: the logged rows (with what each changed), then the steps still to run as pending."
  steps: [ProcessStepType!]!
  "The JSON Schema of the first page of the form the process waits for; null when it waits for none."
  form: JSON
  currentState: JSON
  userPermissions: FormUserPermissionsType!
  subscriptions${LIST}: SubscriptionInterfaceConnection!
}

type ProcessStepType {
  stepId: UUID
  name: String!
  "A step status in lowercase (success, suspend, failed, pending, …)."
  status: String!
  createdBy: String
  executed: DateTime
  started: DateTime
  completed: DateTime
  commitHash: String
  state: JSON
  stateDelta: JSON
}

type FormUserPermissionsType { retryAllowed: Boolean!, resumeAllowed: Boolean! }

type CustomerType {
  customerId: String!
  fullname: String!
  shortcode: String!
  subscriptions${LIST}: SubscriptionInterfaceConnection!
}

type CustomerDescription {
  id: UUID!
  subscriptionId: UUID!
  customerId: String!
  description: String!
  createdAt: DateTime
  version: Int!
}

type ProductModelGraphql {
  productId: UUID!
  name: String!
  description: String!
  productType: String!
  tag: String!
  status: ProductLifecycle!
  createdAt: DateTime
  endDate: DateTime
}

type ProductBlockInstance {
  "Depth-first number of the block in its subscription's model."
  id: Int!
  parent: Int
  subscriptionInstanceId: UUID!
  ownerSubscriptionId: UUID!
  "The block's own values as {field, value} with camelCase fields; nested blocks are instances of their own."
  productBlockInstanceValues: JSON!
  inUseByRelations: [JSON!]!
  subscription: SubscriptionInterface
}

interface SubscriptionInterface {
${SUBSCRIPTION_FIELDS}}

"A subscription of any product (orchestrator-core registers one type per product model; WFO has this one)."
type Subscription implements SubscriptionInterface {
${SUBSCRIPTION_FIELDS}}

type FixedInput { fixedInputId: UUID!, name: String!, value: String!, productId: UUID!, createdAt: DateTime }

type ProductType {
  productId: UUID!
  name: String!
  description: String!
  productType: String!
  tag: String!
  status: ProductLifecycle!
  createdAt: DateTime
  endDate: DateTime
  productBlocks: [ProductBlock!]!
  fixedInputs: [FixedInput!]!
  workflows: [Workflow!]!
  subscriptions${LIST}: SubscriptionInterfaceConnection!
}

type ProductBlock {
  productBlockId: UUID!
  name: String!
  description: String!
  tag: String
  status: ProductLifecycle
  createdAt: DateTime
  endDate: DateTime
  resourceTypes: [ResourceType!]!
  "The blocks this block nests."
  dependsOn: [ProductBlock!]!
  "The blocks nesting this block."
  inUseBy: [ProductBlock!]!
}

type ResourceType {
  resourceTypeId: UUID!
  resourceType: String!
  description: String
  productBlocks: [ProductBlock!]!
}

type Step { name: String!, assignee: String }

type Workflow {
  workflowId: UUID!
  name: String!
  description: String
  target: Target!
  isTask: Boolean!
  createdAt: DateTime
  "The top-level steps of the registered definition; empty for a workflow this application does not register."
  steps: [Step!]!
  products: [ProductType!]!
  "Whether the caller may start it (its authorize callback)."
  isAllowed: Boolean!
}

type ScheduledTaskGraphql { id: String!, name: String!, workflowId: String!, nextRunTime: DateTime, trigger: String! }

type VersionType { applicationVersions: [String!]! }

type Query {
  processes${LIST}: ProcessTypeConnection!
  subscriptions${LIST}: SubscriptionInterfaceConnection!
  products${LIST}: ProductTypeConnection!
  productBlocks${LIST}: ProductBlockConnection!
  resourceTypes${LIST}: ResourceTypeConnection!
  workflows${LIST}: WorkflowConnection!
  customers${LIST_WITHOUT_QUERY}: CustomerTypeConnection!
  scheduledTasks${LIST_WITHOUT_QUERY}: ScheduledTaskGraphqlConnection!
  version: VersionType!
}
`;
