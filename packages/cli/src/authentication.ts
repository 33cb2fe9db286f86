import type { User } from '@wfo/engine';
import {
  bearerAuthentication,
  oidcTokenVerifier,
  staticTokenVerifier,
  verifyWithAny,
  type Authenticate,
  type TokenVerifier,
} from '@wfo/server';
import { parseApiTokens, type Env } from './env';

/** How the API identifies callers: requests (`authenticate`) and websocket tokens (`verifyToken`). */
export interface ApiAuthentication {
  readonly authenticate: Authenticate;
  readonly verifyToken: (token: string) => Promise<User>;
}

/**
 * `OAUTH2_ACTIVE=false` turns authentication off (with a warning). Otherwise a bearer token must be one of the
 * static API tokens (`WFO_API_TOKENS`) or a JWT of the OIDC issuer (`OIDC_CONF_URL`, audience
 * `OAUTH2_RESOURCE_SERVER_ID`); at least one of the two must be configured. Refusing to start beats running an
 * open API by accident.
 */
export function authenticationOf(
  env: Env,
  activeByDefault: boolean,
  warn: (line: string) => void,
): ApiAuthentication | undefined {
  const active = env.OAUTH2_ACTIVE ?? activeByDefault;
  if (!active) {
    warn('Authentication is OFF (OAUTH2_ACTIVE=false): anyone who reaches this port can use the API.');
    return undefined;
  }
  const verifiers: TokenVerifier[] = [];
  const tokens = parseApiTokens(env.WFO_API_TOKENS);
  if (tokens.size > 0) verifiers.push(staticTokenVerifier(tokens));
  if (env.OIDC_CONF_URL && env.OAUTH2_RESOURCE_SERVER_ID) {
    verifiers.push(oidcTokenVerifier({ configurationUrl: env.OIDC_CONF_URL, audience: env.OAUTH2_RESOURCE_SERVER_ID }));
  }
  if (verifiers.length === 0) {
    throw new Error(
      'OAUTH2_ACTIVE is true but no authentication is configured: set OIDC_CONF_URL and OAUTH2_RESOURCE_SERVER_ID, ' +
        'or WFO_API_TOKENS=token=user,…, or OAUTH2_ACTIVE=false',
    );
  }
  const verifyToken = verifyWithAny(verifiers);
  return { authenticate: bearerAuthentication(verifyToken), verifyToken };
}
