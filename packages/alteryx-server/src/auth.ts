import { basicAuthorization, type IssuedToken, isRecord } from '@jobwire/core';
import type { HttpTransport } from '@jobwire/core/internal';
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

/**
 * Asks for a token with the client-credentials grant: `POST /oauth2/token`, the key and secret in
 * HTTP Basic. It is not retried on its own: the call that needs the token retries as its policy
 * allows (reads), so one failing token endpoint costs at most one request per attempt.
 */
export async function requestClientCredentialsToken(
  credentials: ClientCredentials,
  api: Client<paths>,
  transport: HttpTransport,
  signal?: AbortSignal,
): Promise<IssuedToken> {
  const basic = basicAuthorization(credentials.clientId, credentials.clientSecret);
  // The encoded credentials are a secret too: no error or log may show them.
  transport.redactor.add(basic.slice('Basic '.length));
  const { data } = await api.POST('/oauth2/token', {
    body: { grant_type: 'client_credentials' },
    bodySerializer: formBody,
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: basic },
    fetch: transport.forOperation({ operation: 'requestToken', authenticate: false, body: 'json', idempotent: false }),
    signal,
  });
  // Whatever came as the token is a secret, also one the decoder refuses (its excerpt shows the body).
  if (isRecord(data) && typeof data.access_token === 'string') transport.redactor.add(data.access_token);
  const token = decodeToken(data, { vendor: 'alteryx-server', operation: 'requestToken', redact: transport.redactor.text });
  return { token: token.access_token, expiresInMs: token.expires_in * 1000 };
}
