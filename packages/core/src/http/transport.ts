import type { Authenticator } from '../auth.js';
import type { JobwireError } from '../errors.js';
import type { Instrumentation } from '../instrumentation.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import { type RetryOption, resolveRetryPolicy } from '../retry.js';
import type { VendorId } from '../status.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './body-limit.js';
import { bufferedResponse, utf8Length } from './buffered-response.js';
import { TransportCall, type TransportSettings } from './call.js';
import { DEFAULT_CALL_TIMEOUT_MS, DEFAULT_STREAM_TIMEOUT_MS } from './deadline.js';
import { createLimiter, DEFAULT_MAX_CONCURRENT_REQUESTS } from './limiter.js';
import { createPipeline, type TransportPolicy } from './pipeline.js';
import { bodyStatusPolicy } from './policies/body-status.js';
import { userAgentValue } from './policies/user-agent.js';

export type { TransportPolicy, TransportPolicyAnswer, TransportPolicyNext, TransportPolicyRequest } from './pipeline.js';
export { HTTP_STATUS_HEADER } from './policies/error-mapping.js';

/** The `fetch` the clients call: a `Request` in, a `Response` out. */
export type FetchLike = (input: Request) => Promise<Response>;

/** The default timeout of one request (30 s). */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** Options of `createHttpTransport`: the vendor, its redactor, fetch, timeout, retries and logger. */
export interface HttpTransportOptions {
  /** The vendor this talks to or came from. */
  vendor: VendorId;
  /** Scrubs secrets from everything that reaches an error or a log. */
  redactor: Redactor;
  /** The fetch to use; looked up on `globalThis` per request when absent, so mocks installed later work. */
  fetch?: FetchLike | undefined;
  /** Per-attempt timeout (default 30 s), covering the response body too. */
  timeoutMs?: number | undefined;
  /**
   * The time one call may take in all (default 60 s, `DEFAULT_CALL_TIMEOUT_MS`): the wait for a
   * `maxConcurrentRequests` slot, every attempt, backoff and `Retry-After` wait. A retry that
   * would not fit is not made (the last error is thrown); running out rejects with `TimeoutError`.
   */
  callTimeoutMs?: number | undefined;
  /**
   * Streamed bodies (`body: 'stream'`, downloads), read after the call returns: the longest pause
   * between two chunks (default: `timeoutMs`). Past it the body errors with `TimeoutError`; a
   * connection cut mid-body errors with `ConnectionError`.
   */
  streamIdleTimeoutMs?: number | undefined;
  /** Streamed bodies: the longest time the whole body may take (default 1 h, `DEFAULT_STREAM_TIMEOUT_MS`). */
  streamTimeoutMs?: number | undefined;
  /** Retries for reads (default on: 2 retries). */
  retry?: RetryOption | undefined;
  /** Retries for writes (default off): only for callers who know their writes are idempotent. */
  retryWrites?: RetryOption | undefined;
  /** Where debug and warning lines go (redacted); nothing is logged without one. */
  logger?: Logger | undefined;
  /** Adds credentials to each request and renews them once on a 401. */
  authenticator?: Authenticator | undefined;
  /** Vendor-specific error mapping (e.g. a 400 that means "wrong state"); falls back to the status. */
  mapError?: ((response: ErrorResponse) => JobwireError | undefined) | undefined;
  /**
   * For vendors whose JSON answers carry a status of their own (ELMA answers `200 OK` with
   * `{"status": 404}`): the error status (400–599) a parsed 2xx body stands for, or undefined. Such
   * an answer becomes the error that HTTP status would be — same class, message and retries — with
   * the status text `(status in the body; HTTP 200)` and the real status in `HTTP_STATUS_HEADER`.
   * @deprecated Pass a policy instead (`policies`): one that throws `answer.errorAs(status)`. This
   * option is now such a policy, run after the ones in `policies`.
   */
  bodyStatus?: ((body: unknown) => number | undefined) | undefined;
  /**
   * The vendor's own steps in the HTTP pipeline, in the order they run. They run once per attempt,
   * inside retries, the concurrency limit, the attempt's timeout and credentials, and above error
   * mapping and body reading: each sees the request before it goes and every 2xx answer, read and
   * parsed (see `TransportPolicy`). The order of the whole pipeline is documented in `http/pipeline.ts`.
   */
  policies?: readonly TransportPolicy[] | undefined;
  /**
   * The `User-Agent` header, instead of the default `jobwire-<vendor>/<version>` (a client passes
   * its `ClientOptions.userAgent`). A request that has one of its own keeps it; never set in browsers.
   */
  userAgent?: string | undefined;
  /** The vendor package's version, for the default `User-Agent: jobwire-<vendor>/<version>`; none is sent without it. */
  version?: string | undefined;
  /**
   * Requests in flight at once (default 50); the others wait their turn. Keeps thousands of
   * concurrent `waitForJob` calls from opening as many sockets. `Infinity` lifts the cap.
   */
  maxConcurrentRequests?: number | undefined;
  /**
   * The largest answer read whole, in bytes (default 16 MiB, `DEFAULT_MAX_RESPONSE_BYTES`), counted
   * as it arrives and after decompression; a larger one is cancelled and becomes an
   * `UnexpectedResponseError`. Streamed bodies (`body: 'stream'`, downloads) are the caller's to read.
   */
  maxResponseBytes?: number | undefined;
  /**
   * Origins (`https://files.example.com`) a redirect may lead to besides the client's own. Redirects
   * within the origin are followed for reads; to a listed origin they are followed without any
   * credential (headers, cookies, query-string credentials, bodies); to any other origin they
   * reject with `RedirectError` naming it. A write is never sent again on a redirect unless
   * `retryWrites` allows it.
   */
  allowedRedirectOrigins?: readonly string[] | undefined;
  /**
   * Response headers that carry the vendor's own request id, where its documents name one: read
   * before the generic ones (`X-Request-Id`, `Request-Id`, `X-Correlation-Id`, `Correlation-Id`,
   * `X-Ms-Request-Id`, `X-Amzn-RequestId`) for `ApiError.requestId` and the log lines' `requestId`.
   */
  requestIdHeaders?: readonly string[] | undefined;
  /** Traces and metrics of each call and attempt (`ClientOptions.instrumentation`); none of that code runs without one. */
  instrumentation?: Instrumentation | undefined;
}

/** What an error mapper gets: everything already decoded and redacted. */
export interface ErrorResponse {
  /** The vendor this talks to or came from. */
  vendor: VendorId;
  /** The operation, as named in errors and logs (e.g. `getJobStatus`). */
  operation: string;
  /** The HTTP status. */
  status: number;
  /** The HTTP status text. */
  statusText: string;
  /** The response headers, redacted. */
  headers: Record<string, string>;
  /** Parsed JSON when the body was JSON, else the (redacted) text. */
  body: unknown;
  /** The server's own message, redacted; '' when none. */
  message: string;
  /** The server's `Retry-After`, in ms, when it sent one. */
  retryAfterMs: number | undefined;
  /** The default message jobwire would use. */
  defaultMessage: string;
  /** The answer's request id (`ApiError.requestId`), redacted and bounded; undefined when it has none. */
  requestId?: string | undefined;
  /** How many attempts the call has made, this one included. */
  attempts?: number | undefined;
}

/** Options of one friendly-client request through the transport: its name, retry, body and response handling. */
export interface OperationOptions {
  /** Name used in errors and logs (default: `METHOD /path`). */
  operation?: string;
  /** Whether the request may be repeated (default: GET, HEAD and OPTIONS are). */
  idempotent?: boolean;
  /** Overrides the transport's per-attempt timeout. */
  timeoutMs?: number | undefined;
  /** Overrides the transport's `callTimeoutMs` (the whole call's deadline). */
  callTimeoutMs?: number | undefined;
  /** Overrides the transport's `streamIdleTimeoutMs`. */
  streamIdleTimeoutMs?: number | undefined;
  /** Overrides the transport's `streamTimeoutMs`. */
  streamTimeoutMs?: number | undefined;
  /**
   * How a 2xx body is handled. `json` (default when the server says JSON): read, parsed once and
   * checked, so truncated or HTML bodies become `UnexpectedResponseError`; an empty body becomes
   * a `Content-Length: 0` response. `text`: read whole. `stream`: handed over unread.
   */
  body?: 'json' | 'text' | 'stream';
  /** Set false for the request that obtains credentials (login, token) so it is sent as is. */
  authenticate?: boolean;
  /** Overrides the transport's `maxResponseBytes` for this operation. */
  maxResponseBytes?: number | undefined;
  /** The job the call is about (status reads, cancels), for the instrumentation's call (`CallInfo.jobId`). */
  jobId?: string | undefined;
}

/** One request made by `HttpTransport.request`: no `Request` object, a body that can be sent again as is. */
export interface TransportRequest {
  /** Default `GET`. */
  method?: string;
  /** The whole URL, ids already encoded. */
  url: string;
  /** Request headers (credentials are added by the transport's authenticator). */
  headers?: Record<string, string>;
  /** A text body (JSON, XML); a string so retries can send it again. */
  body?: string;
}

/** Options of `HttpTransport.request`: the operation's options and the caller's abort signal. */
export interface RequestOptions extends OperationOptions {
  /** Aborts the call (and any retry); it then rejects with the signal's reason, as `fetch` does. */
  signal?: AbortSignal | undefined;
}

/** The HTTP layer made by `createHttpTransport`: a `fetch` for generated clients and `request` for friendly calls. */
export interface HttpTransport {
  /** The vendor this talks to or came from. */
  readonly vendor: VendorId;
  /** Scrubs secrets from everything that reaches an error or a log. */
  readonly redactor: Redactor;
  /** A fetch for openapi-fetch's `fetch` option: typed errors, timeouts and retries for any call. */
  readonly fetch: FetchLike;
  /** The same, with an operation name and body handling for one friendly-client call. */
  forOperation(options: OperationOptions): FetchLike;
  /**
   * One call straight through the transport, for the hot path (the status read `waitForJob`
   * polls): no openapi-fetch, no `Request` or `Response` built twice. Same errors, timeouts,
   * retries and credentials as `fetch`; `body: 'json'` is the default.
   */
  request(request: TransportRequest, options?: RequestOptions): Promise<TransportResponse>;
}

/** A 2xx answer to `HttpTransport.request`. */
export interface TransportResponse {
  /** The HTTP status. */
  status: number;
  /** The response headers (not redacted: they are the caller's to read). */
  headers: Headers;
  /**
   * The parsed JSON (`body: 'json'`), the text (`'text'`), `undefined` for an empty body, or the
   * unread `ReadableStream` (`'stream'`, `null` when there is none).
   */
  body: unknown;
}

/**
 * Creates the HTTP layer every REST client uses: typed errors, redaction, timeouts, retries and the
 * vendor's own policies over a `fetch`. The pipeline (http/pipeline.ts) is built here, once per client.
 */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const { vendor, redactor } = options;
  const maxConcurrent = options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(maxResponseBytes >= 0)) throw new RangeError(`maxResponseBytes must be 0 or more, got ${maxResponseBytes}`);
  if (!(maxConcurrent >= 1)) throw new RangeError(`maxConcurrentRequests must be at least 1, got ${maxConcurrent}`);
  const policies = [...(options.policies ?? [])];
  if (options.bodyStatus) policies.push(bodyStatusPolicy(options.bodyStatus));
  checkPolicies(policies);
  // Without a user fetch, the global one gets the URL and init directly: a `Request` built only to
  // be taken apart again costs ~10 µs per call. A user's fetch gets a `Request`, as `FetchLike` says.
  // The global is looked up per request, so mocks installed after the client was made still work.
  const userFetch = options.fetch;
  const settings: TransportSettings = {
    vendor,
    redactor,
    logger: options.logger,
    authenticator: options.authenticator,
    mapError: options.mapError,
    readPolicy: resolveRetryPolicy(options.retry, true),
    writePolicy: resolveRetryPolicy(options.retryWrites, false),
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    callTimeoutMs: options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS,
    streamIdleTimeoutMs: options.streamIdleTimeoutMs,
    streamTimeoutMs: options.streamTimeoutMs ?? DEFAULT_STREAM_TIMEOUT_MS,
    maxResponseBytes,
    allowedOrigins: new Set((options.allowedRedirectOrigins ?? []).map((origin) => new URL(origin).origin)),
    requestIdHeaders: options.requestIdHeaders,
    instrumentation: options.instrumentation,
    send: (input, init) => (userFetch ? userFetch(new Request(input, init)) : globalThis.fetch(input, init)),
  };
  const pipeline = createPipeline(settings, {
    limiter: createLimiter(maxConcurrent),
    userAgent: userAgentValue(vendor, options),
    policies,
  });

  const forOperation = (op: OperationOptions): FetchLike => {
    return async (request) => {
      const call = new TransportCall(settings, request, request.method, request.headers, undefined, op, op.body, request.signal);
      const { response, text, value } = await pipeline(call);
      if (text === undefined) return response; // a stream, unread
      // The Response constructor copies `headers` itself: no intermediate `new Headers` copy.
      const init = { status: response.status, statusText: response.statusText, headers: response.headers };
      if (text === '') {
        const empty = new Response(null, init);
        empty.headers.set('content-length', '0');
        return empty;
      }
      if (value === text) return new Response(text, init);
      // openapi-fetch only calls json() when it sees a Content-Length; then it gets the parsed value.
      const decoded = bufferedResponse(text, init, { parsed: value });
      decoded.headers.set('content-length', String(utf8Length(text)));
      return decoded;
    };
  };

  const request: HttpTransport['request'] = async (req, options = {}) => {
    const mode = options.body ?? 'json';
    const call = new TransportCall(
      settings,
      req.url,
      req.method ?? 'GET',
      req.headers ?? {},
      req.body,
      options,
      mode,
      options.signal,
    );
    const { response, value } = await pipeline(call);
    return { status: response.status, headers: response.headers, body: mode === 'stream' ? response.body : value };
  };

  return { vendor, redactor, fetch: forOperation({}), forOperation, request };
}

/** Every policy named, no name twice. */
function checkPolicies(policies: readonly TransportPolicy[]): void {
  const seen = new Set<string>();
  for (const { name, sendRequest } of policies) {
    if (!name || typeof sendRequest !== 'function') throw new TypeError('a policy needs a name and sendRequest');
    if (seen.has(name)) throw new RangeError(`two policies named ${name}`);
    seen.add(name);
  }
}
