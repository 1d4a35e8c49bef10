import type { Authenticator } from '../auth.js';
import {
  ApiError,
  AuthenticationError,
  apiErrorClassFor,
  ConnectionError,
  type JobwireError,
  RedirectError,
  TimeoutError,
  UnexpectedResponseError,
} from '../errors.js';
import { lazyModule } from '../lazy.js';
import type { Logger } from '../logger.js';
import { isSecretName, type Redactor } from '../redact.js';
import { type RetryOption, resolveRetryPolicy, withRetry } from '../retry.js';
import type { VendorId } from '../status.js';
import { abortReason } from '../timing.js';
import { DEFAULT_MAX_RESPONSE_BYTES, ERROR_BODY_MAX_BYTES, readBody } from './body-limit.js';
import { bufferedResponse, utf8Length } from './buffered-response.js';
import { attemptTimer, DEFAULT_CALL_TIMEOUT_MS, DEFAULT_STREAM_TIMEOUT_MS } from './deadline.js';
import type { ErrorAnswerContext } from './error-answer.js';
import { createLimiter, DEFAULT_MAX_CONCURRENT_REQUESTS } from './limiter.js';
import { describeNetworkError, safeCause } from './network-error.js';
import { parseRetryAfter } from './retry-after.js';
import { excerptOf, serverMessage } from './server-message.js';

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
   */
  bodyStatus?: ((body: unknown) => number | undefined) | undefined;
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

// Paths few calls take, loaded on first use so that they are not in every client's bundle.
const loadRedirects = lazyModule(() => import('./redirect.js'));
const loadStreamGuard = lazyModule(() => import('./stream-guard.js'));
const loadErrorAnswer = lazyModule(() => import('./error-answer.js'));

/** What one attempt sends: a `Request` from openapi-fetch, or the parts of a `TransportRequest`. */
interface Outgoing {
  input: Request | string;
  method: string;
  headers: HeadersInit;
  /** A string body (resent as is), or the Request's own body (cloned for a second attempt). */
  body: string | undefined;
}

/** A 2xx answer, read as the operation asked: `value` is the parsed JSON, the text, or undefined when empty. */
interface Received {
  response: Response;
  text?: string;
  value?: unknown;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Header added to an error whose status came from the body (`bodyStatus`): the HTTP status really sent. */
export const HTTP_STATUS_HEADER = 'x-jobwire-http-status';

/** Creates the HTTP layer every REST client uses: typed errors, redaction, per-request timeouts and retries over a `fetch`. */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const { vendor, redactor, logger } = options;
  const readPolicy = resolveRetryPolicy(options.retry, true);
  const writePolicy = resolveRetryPolicy(options.retryWrites, false);
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const defaultCallTimeout = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const maxConcurrent = options.maxConcurrentRequests ?? DEFAULT_MAX_CONCURRENT_REQUESTS;
  const maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  if (!(maxResponseBytes >= 0)) throw new RangeError(`maxResponseBytes must be 0 or more, got ${maxResponseBytes}`);
  if (!(maxConcurrent >= 1)) throw new RangeError(`maxConcurrentRequests must be at least 1, got ${maxConcurrent}`);
  const limiter = createLimiter(maxConcurrent);
  const allowedOrigins = new Set((options.allowedRedirectOrigins ?? []).map((origin) => new URL(origin).origin));
  // Without a user fetch, the global one gets the URL and init directly: a `Request` built only to
  // be taken apart again costs ~10 µs per call. A user's fetch gets a `Request`, as `FetchLike` says.
  // The global is looked up per request, so mocks installed after the client was made still work.
  const userFetch = options.fetch;
  const send = (input: Request | string, init: RequestInit): Promise<Response> =>
    userFetch ? userFetch(new Request(input, init)) : globalThis.fetch(input, init);

  /** Sends one operation with retries and one credential renewal on a 401. */
  const run = (outgoing: Outgoing, op: OperationOptions, userSignal: AbortSignal | undefined): Promise<Received> => {
    const rawUrl = typeof outgoing.input === 'string' ? outgoing.input : outgoing.input.url;
    const operation = op.operation ?? `${outgoing.method} ${new URL(rawUrl).pathname}`;
    const idempotent = op.idempotent ?? IDEMPOTENT_METHODS.has(outgoing.method);
    const policy = idempotent ? readPolicy : writePolicy;
    // Redacted only when a log line or an error needs it: not on every successful call.
    let redactedUrl: string | undefined;
    const url = (): string => {
      redactedUrl ??= redactor.url(rawUrl);
      return redactedUrl;
    };
    const authenticator = op.authenticate === false ? undefined : options.authenticator;
    const callTimeoutMs = op.callTimeoutMs ?? defaultCallTimeout;
    // A Request's body can be read once: keep a copy for a second attempt (a 401 answered by fresh
    // credentials is sent once more, writes included: the server refused it unread).
    const input = outgoing.input;
    const template = typeof input !== 'string' && input.body && (policy || authenticator?.renew) ? input.clone() : undefined;
    const ctx: AttemptContext = {
      operation,
      timeoutMs: op.timeoutMs ?? defaultTimeout,
      userSignal,
      url,
      body: op.body,
      authenticator,
      limited: op.authenticate !== false,
      maxBytes: op.maxResponseBytes ?? maxResponseBytes,
      deadline: Date.now() + callTimeoutMs,
      callTimeoutMs,
      attempts: 0,
      vendor,
      streamIdleMs: op.streamIdleTimeoutMs ?? options.streamIdleTimeoutMs ?? op.timeoutMs ?? defaultTimeout,
      streamTotalMs: op.streamTimeoutMs ?? options.streamTimeoutMs ?? DEFAULT_STREAM_TIMEOUT_MS,
      mayResend: idempotent || writePolicy !== undefined,
      resendBody: typeof input === 'string' ? () => outgoing.body : template && (() => template.clone().arrayBuffer()),
    };
    let attempts = 0;
    const next = (): Outgoing => (attempts++ === 0 || !template ? outgoing : { ...outgoing, input: template.clone() });
    let renewed = false;
    const attempt = async (): Promise<Received> => {
      const current = next();
      try {
        return await attemptOnce(current, ctx);
      } catch (error) {
        // No sentHeaders: the 401 came from obtaining credentials (e.g. the token endpoint), not
        // from this request; renewing would only ask the credential endpoint again.
        if (renewed || !authenticator?.renew || !(error instanceof AuthenticationError) || !ctx.sentHeaders) throw error;
        renewed = true;
        if (!(await authenticator.renew(ctx.sentHeaders, userSignal ?? new AbortController().signal))) throw error;
        return attemptOnce(next(), ctx);
      }
    };
    return withRetry(attempt, {
      policy,
      signal: userSignal,
      deadline: ctx.deadline,
      onRetry: ({ attempt: n, delayMs, error }) =>
        logger?.warn?.(`${vendor} ${operation}: retry ${n} in ${Math.round(delayMs)} ms`, {
          url: url(),
          error: error instanceof Error ? error.message : String(error),
        }),
    });
  };

  interface AttemptContext {
    operation: string;
    timeoutMs: number;
    userSignal: AbortSignal | undefined;
    /** The redacted URL, for logs and errors. */
    url: () => string;
    body: OperationOptions['body'];
    authenticator: Authenticator | undefined;
    /** Whether the request takes one of the `maxConcurrentRequests` slots (credential requests do not). */
    limited: boolean;
    /** The headers last sent, credentials included: a renewal needs to know which were refused. */
    sentHeaders?: Headers;
    /** The largest answer read whole. */
    maxBytes: number;
    /** When the whole call must be over (ms since the epoch), and the budget it came from. */
    deadline: number;
    callTimeoutMs: number;
    /** Bounds of a streamed body: longest pause between chunks, longest time in all. */
    streamIdleMs: number;
    streamTotalMs: number;
    /** Attempts made so far (retries and the resend after a credential renewal included). */
    attempts: number;
    vendor: VendorId;
    /** Whether a redirect may send the request again (reads; writes with `retryWrites`). */
    mayResend: boolean;
    /** The body again, for a 307/308 that keeps it; absent when it cannot be had twice. */
    resendBody: (() => string | undefined | Promise<ArrayBuffer>) | undefined;
  }

  const attemptOnce = async (outgoing: Outgoing, ctx: AttemptContext): Promise<Received> => {
    const { operation, userSignal } = ctx;
    // A caller who has given up already gets the reason, and nothing is sent.
    if (userSignal?.aborted) throw abortReason(userSignal);
    ctx.attempts++;
    // One controller per attempt, aborted by its timer or by the caller's signal (forwarded by a
    // listener removed afterwards): the same outcome as `AbortSignal.any([user, timeout])`, without
    // its per-call dependent-signal bookkeeping.
    const controller = new AbortController();
    const signal = controller.signal;
    const forwardAbort = (): void => controller.abort(userSignal?.reason);
    if (userSignal?.aborted) forwardAbort();
    else userSignal?.addEventListener('abort', forwardAbort, { once: true });
    const unlisten = (): void => userSignal?.removeEventListener('abort', forwardAbort);
    let streaming = false;
    // Take a slot first, so that a queue behind a burst holds nothing but its place in line.
    // Credential requests (login, token) skip the cap: the requests holding slots may be waiting for them.
    let release = ctx.limited ? limiter.tryAcquire() : undefined;
    const queued = ctx.limited && !release;
    // One timer per attempt: its own timeout or the call's deadline, whichever is sooner (deadline.ts).
    let timing = attemptTimer(ctx, ctx.timeoutMs, ctx.deadline, ctx.callTimeoutMs, queued);
    let timer = setTimeout(() => controller.abort(timing.error()), timing.delayMs);
    let started = Date.now();
    // Errors while talking to the server: the caller's abort wins, then our timeout, then the network.
    const failure = (error: unknown): unknown => {
      if (userSignal?.aborted) return abortReason(userSignal);
      if (signal.aborted) return signal.reason;
      if (error instanceof ApiError || error instanceof UnexpectedResponseError) return error;
      return new ConnectionError(
        `${vendor} ${operation}: could not reach ${ctx.url()}: ${describeNetworkError(error, redactor)}`,
        {
          vendor,
          operation,
          cause: safeCause(error, redactor),
        },
      );
    };
    try {
      if (queued) {
        // Only the deadline bounds the wait in line; then the attempt gets its own timer. A retry
        // waits ahead of the calls that have not had their turn yet.
        release = await limiter.acquire(signal, ctx.attempts > 1).catch((error: unknown) => {
          throw failure(error);
        });
        clearTimeout(timer);
        timing = attemptTimer(ctx, ctx.timeoutMs, ctx.deadline, ctx.callTimeoutMs);
        timer = setTimeout(() => controller.abort(timing.error()), timing.delayMs);
        started = Date.now();
      }
      let response: Response;
      try {
        const headers = new Headers(typeof outgoing.input === 'string' ? outgoing.headers : outgoing.input.headers);
        await ctx.authenticator?.apply(headers, signal);
        ctx.sentHeaders = headers;
        response = await send(
          outgoing.input,
          typeof outgoing.input === 'string'
            ? { method: outgoing.method, headers, body: outgoing.body, signal, redirect: 'manual' }
            : { headers, signal, redirect: 'manual' },
        );
        // Redirects are rare: the code that follows them is loaded on the first one (redirect.ts).
        // (Status 0 is a browser's `opaqueredirect`; `response.type` is not read on every call: it costs.)
        if ((response.status > 300 && response.status < 309) || response.status === 0) {
          const { followRedirects } = await loadRedirects();
          const input = outgoing.input;
          response = await followRedirects(response, headers, signal, {
            vendor,
            operation,
            redactor,
            logger,
            allowedOrigins,
            isSecretName,
            refused: (message, init) => new RedirectError(message, init),
            send: (url, init) => send(url, init),
            url: typeof input === 'string' ? input : input.url,
            method: outgoing.method,
            headersBeforeAuth: typeof input === 'string' ? outgoing.headers : input.headers,
            hasBody: typeof input === 'string' ? outgoing.body !== undefined : input.body !== null,
            mayResend: ctx.mayResend,
            resendBody: ctx.resendBody,
          });
        }
      } catch (error) {
        throw failure(error);
      }
      logger?.debug?.(
        `${vendor} ${operation}: ${outgoing.method} ${ctx.url()} → ${response.status} (${Date.now() - started} ms)`,
      );
      if (!response.ok) throw await errorFrom(response, operation).catch(failure);
      if (ctx.body === 'stream') {
        const { checkBodyStatus, guardStream } = await loadStreamGuard();
        // A JSON stream from a vendor with `bodyStatus` is looked into first (stream-guard.ts).
        const checked = await checkBodyStatus(response, {
          bodyStatus: options.bodyStatus,
          parse: tryParseJson,
          error: (status, text) => errorFrom(response, operation, { status, text }),
          buffered: (text, init, bytes) => bufferedResponse(text, init, { bytes }),
        });
        // From here the body is the caller's to read: the guard takes over the caller's abort
        // listener and bounds the stream by its own timers (stream-guard.ts).
        streaming = true;
        return {
          response: guardStream(checked, {
            timeout: (what, timeoutMs) =>
              new TimeoutError(`${vendor} ${operation}: ${what} (${timeoutMs} ms) while the body streamed`, {
                vendor,
                operation,
                timeoutMs,
              }),
            broken: (cause) =>
              new ConnectionError(
                `${vendor} ${operation}: the connection broke while the body streamed from ${ctx.url()}: ${describeNetworkError(cause, redactor)}`,
                { vendor, operation, cause: safeCause(cause, redactor) },
              ),
            idleMs: ctx.streamIdleMs,
            totalMs: ctx.streamTotalMs,
            controller,
            done: unlisten,
          }),
        };
      }
      return await readSuccess(response, operation, ctx).catch((error) => {
        throw failure(error);
      });
    } finally {
      clearTimeout(timer);
      release?.();
      if (!streaming) unlisten();
    }
  };

  // Core's error classes and helpers, for the error path (error-answer.ts), which imports none itself.
  const errorContext = (operation: string): ErrorAnswerContext => ({
    vendor,
    operation,
    redactor,
    mapError: options.mapError,
    apiErrorClassFor,
    unexpected: (message, init) => new UnexpectedResponseError(message, { vendor, operation, ...init }),
    excerptOf,
    serverMessage,
    parseRetryAfter,
    httpStatusHeader: HTTP_STATUS_HEADER,
  });

  /** The typed error for a non-2xx answer, or for a 2xx one whose body said `bodyStatus` (its text read already). */
  const errorFrom = async (
    response: Response,
    operation: string,
    fromBody?: { status: number; text: string },
  ): Promise<JobwireError> => {
    // An error body is kept, redacted, up to ERROR_BODY_MAX_BYTES; a longer one is cut there (and not parsed).
    const read = fromBody ? { text: fromBody.text, over: false } : await readBody(response, ERROR_BODY_MAX_BYTES);
    // Error answers are rare: the code that decodes them is loaded on the first one.
    const { errorFromAnswer } = await loadErrorAnswer();
    return errorFromAnswer(response, read, fromBody, errorContext(operation));
  };

  /** The `UnexpectedResponseError` for a 2xx answer over `maxBytes` (when given) or not the JSON expected. */
  const unusable = async (response: Response, operation: string, text: string, maxBytes?: number): Promise<never> => {
    const { unusableAnswer } = await loadErrorAnswer();
    throw unusableAnswer(response, text, maxBytes, errorContext(operation));
  };

  const readSuccess = async (response: Response, operation: string, ctx: AttemptContext): Promise<Received> => {
    const mode = ctx.body;
    const { text, over } = await readBody(response, ctx.maxBytes);
    if (over) return unusable(response, operation, text, ctx.maxBytes);
    if (text === '' || response.status === 204) return { response, text: '', value: undefined };
    const wantsJson = mode === 'json' || (mode === undefined && /json/i.test(response.headers.get('content-type') ?? ''));
    if (!wantsJson) return { response, text, value: text };
    const parsed = tryParseJson(text);
    if (parsed === undefined) return unusable(response, operation, text);
    const bodyStatus = options.bodyStatus?.(parsed);
    if (bodyStatus !== undefined) throw await errorFrom(response, operation, { status: bodyStatus, text });
    return { response, text, value: parsed };
  };

  const forOperation = (op: OperationOptions): FetchLike => {
    return async (request) => {
      const outgoing: Outgoing = { input: request, method: request.method, headers: request.headers, body: undefined };
      const { response, text, value } = await run(outgoing, op, request.signal);
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

  const request: HttpTransport['request'] = async (req, { signal, ...op } = {}) => {
    const method = req.method ?? 'GET';
    const outgoing: Outgoing = { input: req.url, method, headers: req.headers ?? {}, body: req.body };
    const { response, value } = await run(outgoing, { body: 'json', ...op }, signal);
    return { status: response.status, headers: response.headers, body: op.body === 'stream' ? response.body : value };
  };

  return { vendor, redactor, fetch: forOperation({}), forOperation, request };
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
