import { staticTokenAuthentication, type Authenticate } from '@wfo/server';
import { parseApiTokens, type Env } from './env';

/**
 * How the API identifies callers. `OAUTH2_ACTIVE=false` turns authentication off (with a warning); otherwise
 * static API tokens (`WFO_API_TOKENS`) are required. Refusing to start beats running an open API by accident.
 */
export function authenticationOf(
  env: Env,
  activeByDefault: boolean,
  warn: (line: string) => void,
): Authenticate | undefined {
  const active = env.OAUTH2_ACTIVE ?? activeByDefault;
  if (!active) {
    warn('Authentication is OFF (OAUTH2_ACTIVE=false): anyone who reaches this port can use the API.');
    return undefined;
  }
  const tokens = parseApiTokens(env.WFO_API_TOKENS);
  if (tokens.size === 0) {
    throw new Error(
      'OAUTH2_ACTIVE is true but no authentication is configured: set WFO_API_TOKENS=token=user,… or OAUTH2_ACTIVE=false',
    );
  }
  return staticTokenAuthentication(tokens);
}
