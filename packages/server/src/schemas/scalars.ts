import { z } from 'zod';

/**
 * A UUID as Postgres accepts it (any version, any case); answers 422 otherwise, as orchestrator-core does for a
 * bad uuid. Normalised to lower case, the form Postgres prints.
 */
export const uuidParam = z
  .guid({ error: 'Invalid UUID' })
  .transform((value) => value.toLowerCase())
  .meta({ format: 'uuid' });

/** A UUID in a response body. */
export const uuidString = z.string().meta({ format: 'uuid' });

/** A point in time as orchestrator-core sends it over REST: Unix epoch seconds, with microseconds as the fraction. */
export const epochSeconds = z.number().meta({ format: 'unix-timestamp', description: 'Unix epoch seconds' });

/** A JSON object (process state, step state). */
export const jsonObject = z.record(z.string(), z.unknown());
