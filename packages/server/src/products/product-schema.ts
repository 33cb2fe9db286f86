import { z } from 'zod';
import { ProductBlockSchema } from '../metadata/product-block-schema';
import { epochSeconds, uuidString } from '../schemas/scalars';
import { ProductBaseSchema } from '../schemas/subscription-schema';
import { WorkflowSchema } from '../schemas/workflow-schema';

/** orchestrator-core's `FixedInputSchema`: a read-only attribute of the product's subscriptions. */
export const FixedInputSchema = z
  .object({
    fixed_input_id: uuidString,
    name: z.string(),
    value: z.string(),
    product_id: uuidString,
    created_at: epochSeconds,
  })
  .meta({ id: 'FixedInputSchema' });
export type FixedInputJson = z.output<typeof FixedInputSchema>;

/**
 * orchestrator-core's `ProductSchema`: the product with its root product blocks (with their resource types), fixed
 * inputs and workflows. Deleted workflows are not listed, as orchestrator-core's relation hides them.
 */
export const ProductSchema = ProductBaseSchema.extend({
  // A product row always has one; the base schema, as a subscription nests it, allows null.
  created_at: epochSeconds,
  product_blocks: z.array(ProductBlockSchema),
  fixed_inputs: z.array(FixedInputSchema),
  workflows: z.array(WorkflowSchema),
}).meta({ id: 'ProductSchema' });
export type ProductJson = z.output<typeof ProductSchema>;
