import { type Authenticator, basicAuthenticator, type Redactor } from '@jobwire/core';
import type { FetchLike } from '@jobwire/core/internal';

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

/** The secret of an auth setting, for the redactor (Basic's encoded form is added by its authenticator). */
export function secretsOf(auth: AsperaAuth): string[] {
  return ['apiKey' in auth ? auth.apiKey : auth.password];
}

/** HTTP Basic as a header (core's); query modes are applied to the URL by `withQueryAuth`. */
export function authenticatorFor(auth: AsperaAuth, redactor: Redactor): Authenticator | undefined {
  return auth.type === 'query' ? undefined : basicAuthenticator(auth.username, auth.password, redactor);
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
