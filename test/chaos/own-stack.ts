// Everything a part of the chaos suite runs against: a Postgres and a Redis of its own, and WFO's processes on them,
// all stopped and deleted afterwards whatever happened.
import { startOwnPostgres, type OwnPostgres } from './services/own-postgres';
import { startOwnRedis, type OwnRedis } from './services/own-redis';
import { startFleet, type Fleet, type FleetOptions } from './wfo-fleet';

export interface OwnStack {
  readonly pg: OwnPostgres;
  readonly redis: OwnRedis;
  readonly fleet: Fleet;
}

export async function withOwnStack<T>(
  fleetOptions: Omit<FleetOptions, 'databaseUrl' | 'redisUrl' | 'redisClusterNodes'>,
  run: (stack: OwnStack) => Promise<T>,
): Promise<T> {
  const pg = await startOwnPostgres();
  const redis = await startOwnRedis();
  let fleet: Fleet | undefined;
  try {
    fleet = await startFleet({ ...fleetOptions, databaseUrl: pg.url, redisUrl: redis.url });
    return await run({ pg, redis, fleet });
  } finally {
    await fleet?.stop();
    await redis.destroy();
    await pg.destroy();
  }
}
