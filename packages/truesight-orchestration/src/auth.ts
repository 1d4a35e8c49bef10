import {
  AuthenticationError,
  type Authenticator,
  createTokenCache,
  type IssuedToken,
  isRecord,
  UnexpectedResponseError,
} from '@jobwire/core';
import { excerptOf, type HttpTransport } from '@jobwire/core/internal';
import type { Client } from 'openapi-fetch';
import type { paths } from './generated/openapi.js';

/** The header that carries the token, both in the login response and in every later request. */
export const TOKEN_HEADER = 'Authentication-Token';

/**
 * TrueSight 20.02 and later also set the token as a cookie (`Set-Cookie: Authentication-Token=…`,
 * beside `JSESSIONID`). The header is what the documentation says to use; the cookie is read only
 * when the header is missing (a proxy that drops unknown headers). Browsers hide `Set-Cookie`.
 */
const TOKEN_COOKIE = /(?:^|[,;]\s*)Authentication-Token=\s*"?([^";,\s]+)/i;

/** The token of a login answer: the `Authentication-Token` header, else the cookie of that name. */
function tokenOf(headers: Headers): string {
  const header = headers.get(TOKEN_HEADER)?.trim();
  if (header) return header;
  return TOKEN_COOKIE.exec(headers.get('set-cookie') ?? '')?.[1] ?? '';
}

/** The default lifetime of a token on the server (24 h). */
export const DEFAULT_TOKEN_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** A TrueSight Orchestration user name and password, exchanged for an `Authentication-Token` at `POST /login`. */
export interface UserCredentials {
  /** The user name. */
  username: string;
  /** The password. A secret: never logged. */
  password: string;
}

/**
 * POST /login with `{username, password}`; the token comes back in the `Authentication-Token`
 * response header (or, failing that, cookie). Not retried on its own: the call that needs the
 * token retries as its policy allows (reads), so a failing login costs at most one request per attempt.
 */
export async function login(
  credentials: UserCredentials,
  api: Client<paths>,
  transport: HttpTransport,
  lifetimeMs: number,
  signal?: AbortSignal,
): Promise<IssuedToken> {
  const operation = 'login';
  const { data, response } = await api.POST('/login', {
    body: { username: credentials.username, password: credentials.password },
    fetch: transport.forOperation({ operation, authenticate: false, body: 'text', idempotent: false }),
    parseAs: 'text',
    signal,
  });
  const token = tokenOf(response.headers);
  const text = typeof data === 'string' ? data : '';
  if (token === '') {
    // A body saying {"login":"false"} is a refusal in the server's words; anything else is a surprise.
    let refused = false;
    try {
      const body: unknown = JSON.parse(text);
      refused = isRecord(body) && String(body.login).toLowerCase() === 'false';
    } catch {
      refused = false;
    }
    const vendor = 'truesight-orchestration';
    if (refused) {
      throw new AuthenticationError(`${vendor} ${operation} failed: the server refused the credentials`, {
        vendor,
        operation,
        status: response.status,
        body: transport.redactor.value(text),
        headers: transport.redactor.headers(response.headers),
      });
    }
    throw new UnexpectedResponseError(
      `${vendor} ${operation}: HTTP ${response.status} without an ${TOKEN_HEADER} header or cookie`,
      {
        vendor,
        operation,
        status: response.status,
        excerpt: excerptOf(text, undefined, transport.redactor.text),
      },
    );
  }
  transport.redactor.add(token);
  return { token, expiresInMs: lifetimeMs };
}

/** Core's `Authenticator` with what `logout()` needs: the token in use, and a way to drop it. */
export interface SessionAuthenticator extends Authenticator {
  /** The token last obtained and not yet logged out, without logging in. */
  currentToken(): string | undefined;
  /** Forgets the token (after logout). */
  forget(): void;
}

/**
 * Logs in lazily and caches the token (core's `createTokenCache`, as `bearerAuthenticator` does, but
 * in TrueSight's own `Authentication-Token` header, not `Authorization: Bearer`). Concurrent calls
 * share one login; a 401 invalidates the refused token (if it is still the current one) and the
 * call is sent once more after one new login — concurrent 401s with the same token cause one
 * login, not one each.
 */
export function sessionAuthenticator(
  fetchToken: (signal: AbortSignal) => Promise<IssuedToken>,
  refreshMarginMs?: number,
): SessionAuthenticator {
  let current: string | undefined;
  const cache = createTokenCache({
    fetchToken: async (signal) => {
      const issued = await fetchToken(signal);
      current = issued.token;
      return issued;
    },
    refreshMarginMs,
  });
  return {
    apply: async (headers, signal) => headers.set(TOKEN_HEADER, await cache.get(signal)),
    renew: async (rejected) => {
      cache.invalidate(rejected.get(TOKEN_HEADER) ?? '');
      return true;
    },
    currentToken: () => current,
    forget: () => {
      cache.clear();
      current = undefined;
    },
  };
}

/**
 * A token obtained elsewhere: sent as is in `Authentication-Token`, never renewed (a 401 is final).
 * After `logout()` it is still sent, and the server's 401 says it is no longer valid. (Core's
 * `staticTokenAuthenticator` sends `Authorization`, which TrueSight does not read.)
 */
export function givenTokenAuthenticator(authToken: string): SessionAuthenticator {
  let current: string | undefined = authToken;
  return {
    apply: async (headers) => headers.set(TOKEN_HEADER, authToken),
    currentToken: () => current,
    forget: () => {
      current = undefined;
    },
  };
}
