import type { Instrumentation } from '../instrumentation.js';
import type { Logger } from '../logger.js';
import type { RetryOption } from '../retry.js';
import type { FetchLike } from './transport.js';

/**
 * The options every vendor client takes: its `<Vendor>ClientOptions` extends this and adds only what
 * is the vendor's own (token margins…). One place for their names and docs.
 */
export interface ClientOptions {
  /** A fetch to use instead of the global one (proxies, tests). */
  fetch?: FetchLike;
  /** Per-attempt timeout in ms (default 30 000, `DEFAULT_TIMEOUT_MS`), covering the response body too. */
  timeoutMs?: number;
  /**
   * The time one call may take in all, in ms (default 60 000, `DEFAULT_CALL_TIMEOUT_MS`): the wait
   * for a `maxConcurrentRequests` slot, every attempt, backoff and `Retry-After` wait. A retry that
   * would not fit is not made (the last error is thrown); running out rejects with `TimeoutError`.
   */
  callTimeoutMs?: number;
  /** Retries for reads (default: 2 on 408/429/5xx/connection errors). `false` disables them. */
  retry?: RetryOption;
  /** Retries for writes; off unless you opt in (only for writes you know to be idempotent). */
  retryWrites?: RetryOption;
  /** Redacted request, retry and error logging; nothing is logged without one. */
  logger?: Logger;
  /** Requests in flight at once (default 50); more wait their turn, e.g. thousands of `waitForJob`. `Infinity` lifts the cap. */
  maxConcurrentRequests?: number;
  /**
   * The largest answer read whole, in bytes (default 16 MiB, `DEFAULT_MAX_RESPONSE_BYTES`), counted
   * as it arrives and after decompression; a larger one is cancelled and becomes an
   * `UnexpectedResponseError`. Streamed bodies (downloads) are the caller's to read.
   */
  maxResponseBytes?: number;
  /**
   * Origins (`https://files.example.com`) a redirect may lead to besides the client's own. Redirects
   * within the origin are followed for reads; to a listed origin they are followed without any
   * credential (headers, cookies, query-string credentials, bodies); to any other origin they
   * reject with `RedirectError` naming it. A write is never sent again on a redirect unless
   * `retryWrites` allows it.
   */
  allowedRedirectOrigins?: readonly string[];
  /**
   * Streamed bodies (downloads), read after the call returns: the longest pause between two chunks,
   * in ms (default: `timeoutMs`). Past it the body errors with `TimeoutError`; a connection cut
   * mid-body errors with `ConnectionError`.
   */
  streamIdleTimeoutMs?: number;
  /** Streamed bodies (downloads): the longest time the whole body may take, in ms (default 1 h, `DEFAULT_STREAM_TIMEOUT_MS`). */
  streamTimeoutMs?: number;
  /**
   * The `User-Agent` header, instead of the default `jobwire-<vendor>/<version>`. Not sent from
   * browsers, where it is not a CORS-safelisted header and would cost a preflight request.
   */
  userAgent?: string;
  /**
   * Traces and metrics of the client's calls and waits (`openTelemetry()` from
   * `@jobwire/opentelemetry`, or your own `Instrumentation`). Without one, none of the code that
   * reports them runs: no per-call cost.
   */
  instrumentation?: Instrumentation;
}

/** @deprecated Use `ClientOptions` (the same options under their one name). */
export type ClientTransportOptions = ClientOptions;

/** Options of one client call, the same for every method of every vendor (methods may add their own fields). */
export interface CallOptions {
  /** Aborts the call (and any retry); it then rejects with the signal's reason, as `fetch` does. */
  signal?: AbortSignal | undefined;
}

/**
 * Exactly the `ClientOptions` fields of a client's options, for `createHttpTransport`:
 * `createHttpTransport({ ...clientTransportOptions(options), vendor, redactor, mapError })`.
 * Vendor-only fields (credentials, token margins) stay out of the transport.
 */
export function clientTransportOptions(options: ClientOptions): ClientOptions {
  // Written out field by field (no key list walked): it runs once per client and the compiler
  // checks every name against the interface.
  return {
    fetch: options.fetch,
    timeoutMs: options.timeoutMs,
    callTimeoutMs: options.callTimeoutMs,
    retry: options.retry,
    retryWrites: options.retryWrites,
    logger: options.logger,
    maxConcurrentRequests: options.maxConcurrentRequests,
    maxResponseBytes: options.maxResponseBytes,
    allowedRedirectOrigins: options.allowedRedirectOrigins,
    streamIdleTimeoutMs: options.streamIdleTimeoutMs,
    streamTimeoutMs: options.streamTimeoutMs,
    userAgent: options.userAgent,
    instrumentation: options.instrumentation,
  };
}
