import type { User } from '@wfo/engine';
import type * as Jose from 'jose' with { 'resolution-mode': 'import' };
import { z } from 'zod';
import { HttpError } from './http-error';
import type { TokenVerifier } from './bearer-token';

export interface OidcOptions {
  /** The issuer's `.well-known/openid-configuration` (oauth2-lib's `OIDC_CONF_URL`). */
  readonly configurationUrl: string;
  /** The audience every token must carry (oauth2-lib's `OAUTH2_RESOURCE_SERVER_ID`). */
  readonly audience: string;
  /** Clock tolerance for `exp` and `nbf`, in seconds. @defaultValue 5 */
  readonly clockToleranceSeconds?: number;
}

const Discovery = z.object({ issuer: z.string().min(1), jwks_uri: z.url() });
const challenge = { headers: { 'WWW-Authenticate': 'Bearer error="invalid_token"' } };

/**
 * Bearer JWTs of an OIDC issuer: the signature against the issuer's JWKS, then issuer, audience and expiry. The
 * discovery document is read at the first token (and again until it could be read); the JWKS is cached and
 * fetched again when a token names a key it lacks, so a key the issuer rotates in works without a restart.
 * A token that is not a JWT at all is left to the other verifiers (static tokens); a JWT that fails a check
 * answers 401 with the reason.
 */
export function oidcTokenVerifier(opts: OidcOptions): TokenVerifier {
  // jose ships ES modules only; Node 20.19+ requires them. Loaded here, so an API without OIDC never loads it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { createRemoteJWKSet, errors, jwtVerify } = require('jose') as typeof Jose;
  let issuer: Promise<{ issuer: string; keys: ReturnType<typeof Jose.createRemoteJWKSet> }> | null = null;
  const discover = () => {
    issuer ??= (async () => {
      const res = await fetch(opts.configurationUrl, { signal: AbortSignal.timeout(5000) });
      if (!res.ok) throw new Error(`${opts.configurationUrl} answered ${res.status}`);
      const doc = Discovery.parse(await res.json());
      return { issuer: doc.issuer, keys: createRemoteJWKSet(new URL(doc.jwks_uri), { cooldownDuration: 10_000 }) };
    })().catch((err: unknown) => {
      issuer = null;
      throw err;
    });
    return issuer;
  };
  return async (token): Promise<User | null> => {
    if (token.split('.').length !== 3) return null;
    let provider;
    try {
      provider = await discover();
    } catch (err) {
      throw new HttpError(
        503,
        `The OIDC issuer cannot be reached: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    try {
      const { payload } = await jwtVerify(token, provider.keys, {
        issuer: provider.issuer,
        audience: opts.audience,
        clockTolerance: opts.clockToleranceSeconds ?? 5,
        requiredClaims: ['exp'],
      });
      return userOf(payload);
    } catch (err) {
      throw new HttpError(401, reasonOf(errors, err), challenge);
    }
  };
}

/** The claims as the user the authorization callbacks see; `name` is what processes record as `created_by`. */
function userOf(payload: Jose.JWTPayload): User {
  const claims = payload as Record<string, unknown>;
  const name = [claims.name, claims.preferred_username, claims.email, payload.sub].find(
    (v): v is string => typeof v === 'string' && v.length > 0,
  );
  return { ...claims, name, user_name: claims.preferred_username ?? name };
}

function reasonOf(errors: typeof Jose.errors, err: unknown): string {
  if (err instanceof errors.JWTExpired) return 'Token expired';
  if (err instanceof errors.JWTClaimValidationFailed) return `Token refused: ${err.message}`;
  if (err instanceof errors.JWSSignatureVerificationFailed || err instanceof errors.JWKSNoMatchingKey)
    return 'Token signature is not valid';
  return 'Invalid token';
}
