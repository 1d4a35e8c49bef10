import { type Authenticator, createTokenCache, type HttpTransport, type IssuedToken } from '@jobwire/core';
import type { Client } from 'openapi-fetch';
import { decodeToken } from './decode.js';
import type { paths } from './generated/openapi.js';

/** An Alteryx Server API key and secret, exchanged for a bearer token at `POST /oauth2/token`. */
export interface ClientCredentials {
  /** The API key (OAuth2 client id). */
  clientId: string;
  /** The API secret (OAuth2 client secret). A secret: never logged. */
  clientSecret: string;
}

/** Form-encodes the token request (openapi-fetch sends JSON by default). */
const formBody = (body: unknown) => new URLSearchParams(body as Record<string, string>).toString();

/** Base64 of UTF-8 text, in Node and browsers alike. */
function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/**
 * Asks for a token with the client-credentials grant: `POST /oauth2/token`, the key and secret in
 * HTTP Basic. It is not retried on its own: the call that needs the token retries as its policy
 * allows (reads), so one failing token endpoint costs at most one request per attempt.
 */
export async function requestClientCredentialsToken(
  credentials: ClientCredentials,
  api: Client<paths>,
  transport: HttpTransport,
): Promise<IssuedToken> {
  const basic = base64(`${credentials.clientId}:${credentials.clientSecret}`);
  transport.redactor.add(basic);
  const { data } = await api.POST('/oauth2/token', {
    body: { grant_type: 'client_credentials' },
    bodySerializer: formBody,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${basic}` },
    fetch: transport.forOperation({ operation: 'requestToken', authenticate: false, body: 'json', idempotent: false }),
  });
  const token = decodeToken(data, { vendor: 'alteryx-server', operation: 'requestToken', redact: transport.redactor.text });
  transport.redactor.add(token.access_token);
  return { token: token.access_token, expiresInMs: token.expires_in * 1000 };
}

/**
 * Bearer tokens from `fetchToken`, cached until shortly before they expire, renewed once when a
 * call gets 401 (concurrent calls share one renewal).
 */
export function bearerAuthenticator(fetchToken: () => Promise<IssuedToken>, refreshMarginMs?: number): Authenticator {
  const cache = createTokenCache({ fetchToken, refreshMarginMs });
  return {
    apply: async (headers, signal) => headers.set('authorization', `Bearer ${await cache.get(signal)}`),
    renew: async (rejected) => {
      cache.invalidate(rejected.get('authorization')?.replace(/^Bearer /, '') ?? '');
      return true;
    },
  };
}

/** A fixed access token: sent as is, nothing to renew. */
export function staticTokenAuthenticator(accessToken: string): Authenticator {
  return { apply: async (headers) => headers.set('authorization', `Bearer ${accessToken}`) };
}
