import { Prisma } from '@wfo/db';
import { dateFilter, enumFilter, textFilter, uuidTextFilter } from '../list-query/filter-clauses';
import { withCamelAliases } from '../list-query/camel-case';
import type { ListResource } from '../list-query/list-resource';

// Filters and sorts of the metadata lists, orchestrator-core's inferred ones: every column. These tables hold a few
// rows per product, so no index is needed; text sorts ignore case, as in orchestrator-core.

const sql = Prisma.sql;

/** `ACTIVE`, `pre_production` or `pre production` all mean the stored `pre production`. */
const productLifecycle = (value: string) => value.toLowerCase().replace(/_/g, ' ');

export const productListResource: ListResource = {
  unit: 'products',
  filters: {
    product_id: uuidTextFilter(sql`p.product_id`),
    name: textFilter(sql`p.name`),
    description: textFilter(sql`p.description`),
    product_type: textFilter(sql`p.product_type`),
    tag: textFilter(sql`p.tag`),
    status: enumFilter(sql`p.status`, productLifecycle),
    created_at: dateFilter(sql`p.created_at`),
    end_date: dateFilter(sql`p.end_date`),
  },
  sorts: withCamelAliases({
    product_id: sql`p.product_id`,
    name: sql`lower(p.name)`,
    description: sql`lower(p.description)`,
    product_type: sql`lower(p.product_type)`,
    tag: sql`lower(p.tag)`,
    status: sql`p.status`,
    created_at: sql`p.created_at`,
    end_date: sql`p.end_date`,
  }),
  defaultOrder: [{ expr: sql`lower(p.name)`, direction: 'ASC' }],
  tieBreaker: sql`p.product_id`,
};

export const productBlockListResource: ListResource = {
  unit: 'product_blocks',
  filters: {
    product_block_id: uuidTextFilter(sql`pb.product_block_id`),
    name: textFilter(sql`pb.name`),
    description: textFilter(sql`pb.description`),
    tag: textFilter(sql`pb.tag`, { nullable: true }),
    status: enumFilter(sql`pb.status`, productLifecycle),
    created_at: dateFilter(sql`pb.created_at`),
    end_date: dateFilter(sql`pb.end_date`),
  },
  sorts: withCamelAliases({
    product_block_id: sql`pb.product_block_id`,
    name: sql`lower(pb.name)`,
    description: sql`lower(pb.description)`,
    tag: sql`lower(pb.tag)`,
    status: sql`pb.status`,
    created_at: sql`pb.created_at`,
    end_date: sql`pb.end_date`,
  }),
  defaultOrder: [{ expr: sql`lower(pb.name)`, direction: 'ASC' }],
  tieBreaker: sql`pb.product_block_id`,
};

export const resourceTypeListResource: ListResource = {
  unit: 'resource_types',
  filters: {
    resource_type_id: uuidTextFilter(sql`rt.resource_type_id`),
    resource_type: textFilter(sql`rt.resource_type`),
    description: textFilter(sql`rt.description`, { nullable: true }),
  },
  sorts: withCamelAliases({
    resource_type_id: sql`rt.resource_type_id`,
    resource_type: sql`lower(rt.resource_type)`,
    description: sql`lower(rt.description)`,
  }),
  defaultOrder: [{ expr: sql`lower(rt.resource_type)`, direction: 'ASC' }],
  tieBreaker: sql`rt.resource_type_id`,
};

/** Customers are not stored (orchestrator-core keeps none either): they are the customer ids of subscriptions. */
export const customerListResource: ListResource = {
  unit: 'customers',
  filters: { customer_id: enumFilter(sql`c.customer_id`, (v) => v) },
  sorts: withCamelAliases({ customer_id: sql`c.customer_id` }),
  defaultOrder: [{ expr: sql`c.customer_id`, direction: 'ASC' }],
  tieBreaker: sql`c.customer_id`,
};
