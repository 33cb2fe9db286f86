import { z } from 'zod';
import { uuidString } from '../schemas/scalars';

/** orchestrator-core's `ResourceTypeSchema`: an attribute name of product blocks. */
export const ResourceTypeSchema = z
  .object({
    resource_type: z.string(),
    description: z.string().nullable(),
    resource_type_id: uuidString,
  })
  .meta({ id: 'ResourceTypeSchema' });
export type ResourceTypeJson = z.output<typeof ResourceTypeSchema>;
