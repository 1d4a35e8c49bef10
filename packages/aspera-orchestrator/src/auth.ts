import type { Authenticator, FetchLike } from '@jobwire/core';

/**
 * How the client authenticates, as IBM's Orchestrator documentation (2.5–3.x "Authentication")
 * lists it: HTTP Basic, the default and what IBM recommends; or `login` with the password (or a
 * scrambled password) or the user's API key in the query string. The query modes put the secret in
 * every URL: jobwire redacts it from every error and log line.
 */
export type AsperaAuth =
  | { type?: 'basic'; username: string; password: string }
  | { type: 'query'; login: string; password: string }
  | { type: 'query'; login: string; apiKey: string };

/** Base64 of UTF-8 text, in Node and browsers alike. */
export function base64(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The secrets of an auth setting, for the redactor. */
export function secretsOf(auth: AsperaAuth): string[] {
  if ('apiKey' in auth) return [auth.apiKey];
  const user = 'username' in auth ? auth.username : auth.login;
  return [auth.password, base64(`${user}:${auth.password}`)];
}

/** HTTP Basic as a header; query modes are applied to the URL by `withQueryAuth`. */
export function authenticatorFor(auth: AsperaAuth): Authenticator | undefined {
  if (auth.type === 'query') return undefined;
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
