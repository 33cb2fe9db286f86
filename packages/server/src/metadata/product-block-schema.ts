import { z } from 'zod';
import { epochSeconds, uuidString } from '../schemas/scalars';
import { ResourceTypeSchema } from './resource-type-schema';

/**
 * orchestrator-core's `ProductBlockSchema`, with its resource types. `tag` and `status` are nullable columns
 * (orchestrator-core's schema declares `status` required, and fails on a block without one).
 */
export const ProductBlockSchema = z
  .object({
    product_block_id: uuidString,
    name: z.string(),
    description: z.string(),
    tag: z.string().nullable(),
    status: z.string().nullable(),
    resource_types: z.array(ResourceTypeSchema),
    created_at: epochSeconds,
    end_date: epochSeconds.nullable(),
  })
  .meta({ id: 'ProductBlockSchema' });
export type ProductBlockJson = z.output<typeof ProductBlockSchema>;
