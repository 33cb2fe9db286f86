import { randomBytes } from 'node:crypto';
import NextAuth, { type AuthOptions } from 'next-auth';
import type { OAuthConfig } from 'next-auth/providers/oauth';
import { isAuthActive } from '../../../lib/ui-config';

type OidcProfile = { sub: string; name?: string; preferred_username?: string; email?: string };

/**
 * Sign-in for the UI. With `OAUTH2_ACTIVE=true` the user signs in at the OIDC issuer WFO validates its tokens
 * against (authorization code with PKCE); the access token then goes to WFO as a bearer token on every call and
 * as the websocket's subprotocol. Otherwise there is no provider and every page is open.
 */
function authOptions(): AuthOptions {
  const env = process.env;
  if (!isAuthActive()) {
    // No sessions exist without a provider; next-auth still wants a secret to answer /api/auth/session.
    return { providers: [], secret: env.NEXTAUTH_SECRET ?? randomBytes(32).toString('hex') };
  }
  const missing = ['OIDC_CONF_FULL_WELL_KNOWN_URL', 'OAUTH2_CLIENT_ID', 'NEXTAUTH_SECRET'].filter((name) => !env[name]);
  if (missing.length > 0) {
    throw new Error(
      `OAUTH2_ACTIVE=true needs ${missing.join(', ')}: set them, or OAUTH2_ACTIVE=false to sign in no one`,
    );
  }
  const provider: OAuthConfig<OidcProfile> = {
    id: env.NEXTAUTH_PROVIDER_ID ?? 'oidc',
    name: env.NEXTAUTH_PROVIDER_NAME ?? 'OIDC',
    type: 'oauth',
    wellKnown: env.OIDC_CONF_FULL_WELL_KNOWN_URL,
    clientId: env.OAUTH2_CLIENT_ID,
    clientSecret: env.OAUTH2_CLIENT_SECRET,
    authorization: { params: { scope: env.NEXTAUTH_AUTHORIZATION_SCOPE_OVERRIDE ?? 'openid profile email' } },
    checks: ['pkce', 'state'],
    idToken: true,
    profile: (profile) => ({ id: profile.sub, name: profile.name ?? profile.preferred_username, email: profile.email }),
  };
  return {
    providers: [provider],
    secret: env.NEXTAUTH_SECRET,
    callbacks: {
      jwt({ token, account, profile }) {
        if (account) {
          token.accessToken = account.access_token;
          token.accessTokenExpiresAt = account.expires_at;
          token.profile = profile;
        }
        return token;
      },
      // The UI reads the token and profile from the session (its WfoSession type).
      session({ session, token }) {
        return { ...session, accessToken: token.accessToken, profile: token.profile };
      },
    },
  };
}

export default NextAuth(authOptions());
