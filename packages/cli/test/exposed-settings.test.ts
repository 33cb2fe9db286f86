import { parseEnv } from '../src/env';
import { exposedSettingsOf } from '../src/exposed-settings';

it('masks every password of the settings overview, in each URL of a list too', () => {
  const env = parseEnv({
    DATABASE_URL: 'postgresql://wfo:db-secret@db:5432/wfo',
    REDIS_CLUSTER_NODES: 'redis://:redis-secret@r1:7000,rediss://user:redis-secret@r2:7000',
    WFO_API_TOKENS: 'token-secret=alice',
  });
  const shown = JSON.stringify(exposedSettingsOf(env));
  expect(shown).not.toMatch(/secret/);
  const values = Object.fromEntries(exposedSettingsOf(env)[0]!.variables.map((v) => [v.env_name, v.env_value]));
  expect(values.REDIS_CLUSTER_NODES).toBe('redis://:**********@r1:7000,rediss://user:**********@r2:7000');
});
