import { assertClusterPrefix, isRedisUnavailableError } from '@wfo/runtime';

describe('Redis connections', () => {
  it('refuses a queue prefix without a hash tag on Redis Cluster, naming the fix', () => {
    expect(() => assertClusterPrefix('{wfo}')).not.toThrow();
    expect(() => assertClusterPrefix('app:{wfo}')).not.toThrow();
    expect(() => assertClusterPrefix('wfo')).toThrow('Use a prefix in braces, such as {wfo} (WFO_QUEUE_PREFIX)');
  });

  it('tells errors of an unavailable Redis from others', () => {
    const maxRetries = Object.assign(new Error('Reached the max retries per request limit (which is 1).'), {
      name: 'MaxRetriesPerRequestError',
    });
    expect(isRedisUnavailableError(maxRetries)).toBe(true);
    expect(isRedisUnavailableError(new Error('Command timed out'))).toBe(true);
    expect(isRedisUnavailableError(new Error('LOADING Redis is loading the dataset in memory'))).toBe(true);
    expect(
      isRedisUnavailableError(new Error('WRONGTYPE Operation against a key holding the wrong kind of value')),
    ).toBe(false);
    expect(isRedisUnavailableError('ECONNREFUSED')).toBe(false);
  });
});
