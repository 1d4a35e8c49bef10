import { abortReason } from './timing.js';

/** Adds credentials to requests, and renews them once when the server answers 401. */
export interface Authenticator {
  /** Sets the credential headers of an outgoing request. */
  apply(headers: Headers, signal: AbortSignal): Promise<void>;
  /**
   * Called on a 401 with the headers that were rejected. Resolves true when fresh credentials
   * were obtained, and the request is then sent once more.
   */
  renew?(rejected: Headers, signal: AbortSignal): Promise<boolean>;
}

/** A token an authentication server issued, and how long it lives. */
export interface IssuedToken {
  /** The token. A secret: never logged. */
  token: string;
  /** Lifetime in milliseconds from issue; undefined when the server did not say. */
  expiresInMs?: number | undefined;
}

/** Shares one bearer token between concurrent calls, renewing it before it expires or when the server rejects it. */
export interface TokenCache {
  /** The current token, fetching one when there is none or it is about to expire. */
  get(signal?: AbortSignal): Promise<string>;
  /** Forgets `token` if it is still the current one; a newer token is kept. */
  invalidate(token: string): void;
  /** Forgets any token (e.g. after logout). */
  clear(): void;
}

/** Options of `createTokenCache`: how to fetch a token and when to renew it. */
export interface TokenCacheOptions {
  /**
   * Obtains a new token: a login or OAuth2 token request. Runs once for any number of waiting callers.
   * `signal` aborts when every caller waiting for this token has aborted (none is left to use it): pass
   * it to the request, so an abandoned login does not hold a connection until its own timeout.
   */
  fetchToken: (signal: AbortSignal) => Promise<IssuedToken>;
  /** A token is renewed this long before it expires (default 60 s). */
  refreshMarginMs?: number;
  /** The clock (default `Date.now`), for tests. */
  now?: () => number;
}

/** One token request and the callers waiting for it (`waiting` is infinite once one waits without a signal). */
interface SharedTokenRequest {
  promise: Promise<string>;
  controller: AbortController;
  waiting: number;
}

/**
 * Caches a token until shortly before it expires. Concurrent callers share one token request,
 * and concurrent 401s with the same stale token cause one renewal, not one each. The request is
 * cancelled only when every caller waiting for it has aborted.
 */
export function createTokenCache(options: TokenCacheOptions): TokenCache {
  const margin = options.refreshMarginMs ?? 60_000;
  const now = options.now ?? Date.now;
  let current: { token: string; expiresAt: number } | undefined;
  // The token request in flight, shared by its waiting callers; a caller without a signal waits for good.
  let pending: SharedTokenRequest | undefined;

  const refresh = (): SharedTokenRequest => {
    if (pending) return pending;
    const controller = new AbortController();
    const shared: SharedTokenRequest = { controller, waiting: 0, promise: Promise.resolve('') };
    shared.promise = options
      .fetchToken(controller.signal)
      .then(({ token, expiresInMs }) => {
        const lifetime = expiresInMs === undefined ? Number.POSITIVE_INFINITY : Math.max(0, expiresInMs - margin);
        current = { token, expiresAt: now() + lifetime };
        return token;
      })
      .finally(() => {
        if (pending === shared) pending = undefined;
      });
    pending = shared;
    return shared;
  };

  /** Waits for the shared request until `signal` aborts; the last waiter to abort cancels the request. */
  const join = (signal: AbortSignal): Promise<string> => {
    if (signal.aborted) return Promise.reject(abortReason(signal));
    const shared = refresh();
    shared.waiting += 1;
    return abortable(shared.promise, signal, () => {
      shared.waiting -= 1;
      if (shared.waiting === 0) shared.controller.abort(abortReason(signal));
    });
  };

  return {
    get(signal) {
      if (current && now() < current.expiresAt) return Promise.resolve(current.token);
      if (signal) return join(signal);
      const shared = refresh();
      shared.waiting = Number.POSITIVE_INFINITY; // someone waits without a way to stop: never cancelled
      return shared.promise;
    },
    invalidate(token) {
      if (current?.token === token) current = undefined;
    },
    clear() {
      current = undefined;
    },
  };
}

/**
 * Settles like `promise`, or rejects with the signal's reason if it aborts first — and then calls
 * `onAbort`, if given (e.g. to cancel work that no one waits for any more).
 */
export function abortable<T>(promise: Promise<T>, signal: AbortSignal, onAbort?: () => void): Promise<T> {
  if (signal.aborted) return Promise.reject(abortReason(signal));
  return new Promise<T>((resolve, reject) => {
    const onAbortEvent = () => {
      reject(abortReason(signal));
      onAbort?.();
    };
    signal.addEventListener('abort', onAbortEvent, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbortEvent);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbortEvent);
        reject(error);
      },
    );
  });
}

/** Base64 of the UTF-8 bytes of `text`, in Node and browsers alike (no `Buffer`). */
export function base64Text(text: string): string {
  let binary = '';
  for (const byte of new TextEncoder().encode(text)) binary += String.fromCharCode(byte);
  return btoa(binary);
}

/** The `Authorization` value of HTTP Basic (RFC 7617, UTF-8): `Basic base64(username:password)`. */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${base64Text(`${username}:${password}`)}`;
}

/**
 * HTTP Basic on every request. The encoded credentials are added to `redactor` so that no error or
 * log line can show them, whatever encoding they travel in.
 */
export function basicAuthenticator(username: string, password: string, redactor: { add(secret: string): void }): Authenticator {
  const value = basicAuthorization(username, password);
  redactor.add(value.slice('Basic '.length));
  return { apply: async (headers) => headers.set('authorization', value) };
}

/**
 * Bearer tokens from `fetchToken` (a login or OAuth2 token request), shared by concurrent calls,
 * cached until `refreshMarginMs` (default 60 s) before they expire, and renewed once when a call
 * gets 401 (concurrent 401s share one renewal).
 */
export function bearerAuthenticator(
  fetchToken: (signal: AbortSignal) => Promise<IssuedToken>,
  refreshMarginMs?: number,
): Authenticator {
  const cache = createTokenCache({ fetchToken, refreshMarginMs });
  return {
    apply: async (headers, signal) => headers.set('authorization', `Bearer ${await cache.get(signal)}`),
    renew: async (rejected) => {
      cache.invalidate(rejected.get('authorization')?.replace(/^Bearer /, '') ?? '');
      return true;
    },
  };
}

/** A fixed token obtained elsewhere, sent as `Authorization: <scheme> <token>`; nothing to renew. */
export function staticTokenAuthenticator(token: string, scheme = 'Bearer'): Authenticator {
  const value = `${scheme} ${token}`;
  return { apply: async (headers) => headers.set('authorization', value) };
}
