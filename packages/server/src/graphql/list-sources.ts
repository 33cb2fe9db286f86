import { Prisma } from '@wfo/db';
import { BLOCK_COLUMNS } from '../metadata/product-block-queries';
import { RESOURCE_TYPE_COLUMNS } from '../metadata/resource-type-queries';
import type { ListSource } from '../list-query/list-page';
import { processListResource } from '../processes/process-list-resource';
import { BRANCH_PROCESS, PROCESS_COLUMNS, PROCESS_FROM } from '../processes/process-row';
import { PRODUCT_COLUMNS } from '../products/product-queries';
import { subscriptionListResource } from '../subscriptions/subscription-list-resource';
import { SUBSCRIPTION_COLUMNS, SUBSCRIPTION_FROM } from '../subscriptions/subscription-row';
import { workflowListResource } from '../workflows/workflow-list-resource';
import { WORKFLOW_COLUMNS } from '../workflows/workflow-queries';
import type { FreeTextSearch } from './free-text-query';
import {
  customerListResource,
  productBlockListResource,
  productListResource,
  resourceTypeListResource,
} from './metadata-list-resources';

const sql = Prisma.sql;

/** Where a GraphQL list reads from (the REST lists' sources where there is one), and what its `query` searches. */
export interface GraphqlListSource extends ListSource {
  readonly search: FreeTextSearch;
}

function source(list: ListSource, searchFields: readonly string[]): GraphqlListSource {
  return { ...list, search: { resource: list.resource, fields: searchFields } };
}

export const PROCESS_SOURCE = source(
  {
    resource: processListResource,
    columns: PROCESS_COLUMNS,
    from: PROCESS_FROM,
    countFrom: sql`processes p`,
    hidden: BRANCH_PROCESS,
  },
  ['workflow_name', 'last_step', 'last_status', 'assignee', 'created_by', 'note', 'product', 'tag'],
);

export const SUBSCRIPTION_SOURCE = source(
  {
    resource: subscriptionListResource,
    columns: SUBSCRIPTION_COLUMNS,
    from: SUBSCRIPTION_FROM,
    countFrom: sql`subscriptions s`,
  },
  ['description', 'status', 'customer_id', 'note', 'product', 'tag'],
);

export const WORKFLOW_SOURCE = source(
  {
    resource: workflowListResource,
    columns: WORKFLOW_COLUMNS,
    from: sql`workflows w`,
    countFrom: sql`workflows w`,
    visible: sql`w.deleted_at IS NULL`,
  },
  ['name', 'description', 'target', 'product', 'tag'],
);

export const PRODUCT_SOURCE = source(
  { resource: productListResource, columns: PRODUCT_COLUMNS, from: sql`products p`, countFrom: sql`products p` },
  ['name', 'description', 'product_type', 'tag', 'status'],
);

export const PRODUCT_BLOCK_SOURCE = source(
  {
    resource: productBlockListResource,
    columns: BLOCK_COLUMNS,
    from: sql`product_blocks pb`,
    countFrom: sql`product_blocks pb`,
  },
  ['name', 'description', 'tag'],
);

export const RESOURCE_TYPE_SOURCE = source(
  {
    resource: resourceTypeListResource,
    columns: RESOURCE_TYPE_COLUMNS,
    from: sql`resource_types rt`,
    countFrom: sql`resource_types rt`,
  },
  ['resource_type', 'description'],
);

// DISTINCT over the customer id index; a customerId filter is pushed into it (an index lookup).
const CUSTOMERS = sql`(SELECT DISTINCT customer_id FROM subscriptions) c`;

export const CUSTOMER_SOURCE = source(
  { resource: customerListResource, columns: sql`c.customer_id`, from: CUSTOMERS, countFrom: CUSTOMERS },
  ['customer_id'],
);
