import type { Authenticator, FetchLike, IssuedToken } from '@jobwire/core';
import { createTokenCache } from '@jobwire/core';

/**
 * How the client authenticates. HTTP Basic is the default (IBM recommends it for 4.x). The query
 * modes put the secret in every URL, as older servers require: jobwire redacts it from every
 * error and log line. `bearer` logs in with `POST /api/login` (4.x) and renews the token once on 401.
 */
export type AsperaAuth =
  | { type?: 'basic'; username: string; password: string }
  | { type: 'query'; login: string; password: string }
  | { type: 'query'; login: string; apiKey: string }
  | { type: 'bearer'; username: string; password: string }
  | {
      type: 'bearer';
      /** A token obtained elsewhere (e.g. from `client.login()`); it is not renewed. */
      token: string;
    };

/** Base64 of UTF-8 text, in Node and browsers alike. */
export function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The secrets of an auth setting, for the redactor. */
export function secretsOf(auth: AsperaAuth): string[] {
  if ('token' in auth) return [auth.token];
  if ('apiKey' in auth) return [auth.apiKey];
  const user = 'username' in auth ? auth.username : auth.login;
  return [auth.password, base64(`${user}:${auth.password}`)];
}

/** Username and password, when the auth setting has them (what `login()` sends). */
export function passwordCredentials(auth: AsperaAuth): { username: string; password: string } | undefined {
  if ('token' in auth || 'apiKey' in auth) return undefined;
  return { username: 'username' in auth ? auth.username : auth.login, password: auth.password };
}

/** Header-based modes (Basic, Bearer); query modes are applied to the URL by `withQueryAuth`. */
export function authenticatorFor(auth: AsperaAuth, login: () => Promise<IssuedToken>): Authenticator | undefined {
  if (auth.type === 'query') return undefined;
  if (auth.type === 'bearer') {
    if ('token' in auth) return { apply: async (headers) => headers.set('authorization', `Bearer ${auth.token}`) };
    const cache = createTokenCache({ fetchToken: login });
    return {
      apply: async (headers, signal) => headers.set('authorization', `Bearer ${await cache.get(signal)}`),
      renew: async (rejected) => {
        cache.invalidate(rejected.get('authorization')?.replace(/^Bearer /, '') ?? '');
        return true;
      },
    };
  }
  const basic = `Basic ${base64(`${auth.username}:${auth.password}`)}`;
  return { apply: async (headers) => headers.set('authorization', basic) };
}

/** Adds `login` and `password` / `api_key` to the query string of every request (query modes only). */
export function withQueryAuth(auth: AsperaAuth, next: FetchLike): FetchLike {
  if (auth.type !== 'query') return next;
  return async (request) => {
    const body = request.body ? await request.arrayBuffer() : undefined;
    const url = withAuthQuery(auth, request.url);
    return next(new Request(url, { method: request.method, headers: request.headers, body, signal: request.signal }));
  };
}

/** `url` with the query-mode credentials appended (`url` as is for other modes). */
export function withAuthQuery(auth: AsperaAuth, url: string): string {
  if (auth.type !== 'query') return url;
  const pairs: Array<[string, string]> = [['login', auth.login]];
  if ('apiKey' in auth) pairs.push(['api_key', auth.apiKey]);
  else pairs.push(['password', auth.password]);
  // Appended as text: re-serialising the URL would re-encode the caller's parameters (spaces as +).
  const suffix = pairs.map(([name, value]) => `${name}=${encodeURIComponent(value)}`).join('&');
  return url.includes('?') ? `${url}&${suffix}` : `${url}?${suffix}`;
}
