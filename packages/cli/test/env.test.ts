import { clusterNodesOf, parseEnv } from '../src/env';

describe('Redis and state-size settings', () => {
  it('reads a Redis Cluster from REDIS_CLUSTER_NODES, and refuses it next to REDIS_URL', () => {
    const env = parseEnv({ REDIS_CLUSTER_NODES: 'redis://10.0.0.1:7000, redis://10.0.0.2:7000' });
    expect(clusterNodesOf(env)).toEqual(['redis://10.0.0.1:7000', 'redis://10.0.0.2:7000']);
    expect(() => parseEnv({ REDIS_URL: 'redis://x:6379', REDIS_CLUSTER_NODES: 'redis://y:7000' })).toThrow(
      'REDIS_CLUSTER_NODES: set REDIS_URL or REDIS_CLUSTER_NODES, not both',
    );
    expect(() => parseEnv({ REDIS_CLUSTER_NODES: 'y:7000' })).toThrow('must be redis:// URLs separated by commas');
  });

  it('treats an empty variable as unset', () => {
    expect(parseEnv({ REDIS_URL: '', REDIS_CLUSTER_NODES: 'redis://y:7000' }).REDIS_URL).toBeUndefined();
  });

  it('defaults the state limits to 1 MiB and 16 MiB, and refuses a warning above the maximum', () => {
    expect(parseEnv({})).toMatchObject({ WFO_STATE_WARN_BYTES: 1048576, WFO_STATE_MAX_BYTES: 16777216 });
    expect(() => parseEnv({ WFO_STATE_WARN_BYTES: '2000', WFO_STATE_MAX_BYTES: '1000' })).toThrow(
      'WFO_STATE_WARN_BYTES: must not be above WFO_STATE_MAX_BYTES',
    );
  });
});
