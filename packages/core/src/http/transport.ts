import type { Authenticator } from '../auth.js';
import {
  ApiError,
  AuthenticationError,
  apiErrorClassFor,
  ConnectionError,
  type JobwireError,
  TimeoutError,
  UnexpectedResponseError,
} from '../errors.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import { type RetryOption, resolveRetryPolicy, withRetry } from '../retry.js';
import type { VendorId } from '../status.js';
import { abortReason } from '../timing.js';
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
  /**
   * How a 2xx body is handled. `json` (default when the server says JSON): read, parsed once and
   * checked, so truncated or HTML bodies become `UnexpectedResponseError`; an empty body becomes
   * a `Content-Length: 0` response. `text`: read whole. `stream`: handed over unread.
   */
  body?: 'json' | 'text' | 'stream';
  /** Set false for the request that obtains credentials (login, token) so it is sent as is. */
  authenticate?: boolean;
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
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** Creates the HTTP layer every REST client uses: typed errors, redaction, per-request timeouts and retries over a `fetch`. */
export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const { vendor, redactor, logger } = options;
  const readPolicy = resolveRetryPolicy(options.retry, true);
  const writePolicy = resolveRetryPolicy(options.retryWrites, false);
  const defaultTimeout = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const doFetch: FetchLike = options.fetch ?? ((request) => globalThis.fetch(request));

  const forOperation = (op: OperationOptions): FetchLike => {
    return async (request) => {
      const operation = op.operation ?? `${request.method} ${new URL(request.url).pathname}`;
      const idempotent = op.idempotent ?? IDEMPOTENT_METHODS.has(request.method);
      const policy = idempotent ? readPolicy : writePolicy;
      const timeoutMs = op.timeoutMs ?? defaultTimeout;
      const userSignal = request.signal;
      const url = redactor.url(request.url);
      const authenticator = op.authenticate === false ? undefined : options.authenticator;
      // A 401 answered by fresh credentials is sent once more, writes included: the server refused it unread.
      const template = (policy || authenticator?.renew) && request.body ? request.clone() : request;
      let renewed = false;
      const send = async (current: Request): Promise<Response> => {
        const ctx: AttemptContext = { operation, timeoutMs, userSignal, url, body: op.body, authenticator };
        try {
          return await attemptOnce(current, ctx);
        } catch (error) {
          // No sentHeaders: the 401 came from obtaining credentials (e.g. the token endpoint), not
          // from this request; renewing would only ask the credential endpoint again.
          if (renewed || !authenticator?.renew || !(error instanceof AuthenticationError) || !ctx.sentHeaders) throw error;
          renewed = true;
          if (!(await authenticator.renew(ctx.sentHeaders, userSignal))) throw error;
          return attemptOnce(template.clone(), ctx);
        }
      };
      return withRetry((attempt) => send(attempt === 0 ? request : template.clone()), {
        policy,
        signal: userSignal,
        onRetry: ({ attempt, delayMs, error }) =>
          logger?.warn?.(`${vendor} ${operation}: retry ${attempt} in ${Math.round(delayMs)} ms`, {
            url,
            error: error instanceof Error ? error.message : String(error),
          }),
      });
    };
  };

  interface AttemptContext {
    operation: string;
    timeoutMs: number;
    userSignal: AbortSignal;
    url: string;
    body: OperationOptions['body'];
    authenticator: Authenticator | undefined;
    /** The headers last sent, credentials included: a renewal needs to know which were refused. */
    sentHeaders?: Headers;
  }

  const attemptOnce = async (request: Request, ctx: AttemptContext): Promise<Response> => {
    const { operation, userSignal } = ctx;
    // One controller per attempt, aborted by our timeout or by the caller's signal (forwarded by a
    // listener removed afterwards): the same outcome as `AbortSignal.any([user, timeout])`, without
    // its per-call dependent-signal bookkeeping.
    const timeout = new AbortController();
    const signal = timeout.signal;
    const forwardAbort = (): void => timeout.abort(userSignal.reason);
    if (userSignal.aborted) forwardAbort();
    else userSignal.addEventListener('abort', forwardAbort, { once: true });
    const timer = setTimeout(
      () =>
        timeout.abort(
          new TimeoutError(`${vendor} ${operation}: no response within ${ctx.timeoutMs} ms`, {
            vendor,
            operation,
            timeoutMs: ctx.timeoutMs,
          }),
        ),
      ctx.timeoutMs,
    );
    const started = Date.now();
    // Errors while talking to the server: the caller's abort wins, then our timeout, then the network.
    const failure = (error: unknown): unknown => {
      if (userSignal.aborted) return abortReason(userSignal);
      if (signal.aborted) return signal.reason;
      if (error instanceof ApiError || error instanceof UnexpectedResponseError) return error;
      return new ConnectionError(`${vendor} ${operation}: could not reach ${ctx.url}: ${describeNetworkError(error, redactor)}`, {
        vendor,
        operation,
        cause: safeCause(error, redactor),
      });
    };
    try {
      let response: Response;
      try {
        const outgoing = new Request(request, { signal });
        await ctx.authenticator?.apply(outgoing.headers, signal);
        ctx.sentHeaders = outgoing.headers;
        response = await doFetch(outgoing);
      } catch (error) {
        throw failure(error);
      }
      logger?.debug?.(`${vendor} ${operation}: ${request.method} ${ctx.url} → ${response.status} (${Date.now() - started} ms)`);
      if (!response.ok) throw await errorFrom(response, operation).catch(failure);
      if (ctx.body === 'stream') return response;
      return await decodeSuccess(response, operation, ctx.body).catch((error) => {
        throw failure(error);
      });
    } finally {
      clearTimeout(timer);
      userSignal.removeEventListener('abort', forwardAbort);
    }
  };

  const errorFrom = async (response: Response, operation: string): Promise<JobwireError> => {
    const contentType = response.headers.get('content-type') ?? '';
    const text = redactor.text(await response.text());
    const parsed = looksLikeJson(contentType, text) ? tryParseJson(text) : undefined;
    const body = redactor.value(parsed === undefined ? text : parsed);
    const message = redactor.text(serverMessage(body, text, contentType));
    const headers = redactor.headers(response.headers);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const statusLine = `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
    const defaultMessage = `${vendor} ${operation} failed: ${statusLine}${message ? `: ${message}` : ''}`;
    const info: ErrorResponse = {
      vendor,
      operation,
      status: response.status,
      statusText: response.statusText,
      headers,
      body,
      message,
      retryAfterMs,
      defaultMessage,
    };
    const mapped = options.mapError?.(info);
    if (mapped) return mapped;
    const ErrorClass = apiErrorClassFor(response.status);
    return new ErrorClass(defaultMessage, { vendor, operation, status: response.status, body, headers, retryAfterMs });
  };

  const decodeSuccess = async (response: Response, operation: string, mode: OperationOptions['body']): Promise<Response> => {
    const contentType = response.headers.get('content-type') ?? '';
    const text = await response.text();
    // The Response constructor copies `headers` itself: no intermediate `new Headers` copy.
    const init = { status: response.status, statusText: response.statusText, headers: response.headers };
    if (text === '' || response.status === 204) {
      const empty = new Response(null, init);
      empty.headers.set('content-length', '0');
      return empty;
    }
    const wantsJson = mode === 'json' || (mode === undefined && /json/i.test(contentType));
    if (!wantsJson) return new Response(text, init);
    const parsed = tryParseJson(text);
    if (parsed === undefined) {
      const what = /html/i.test(contentType) || /^\s*</.test(text) ? 'an HTML/XML page' : 'malformed or truncated JSON';
      throw new UnexpectedResponseError(`${vendor} ${operation}: expected JSON, got ${what} (HTTP ${response.status})`, {
        vendor,
        operation,
        status: response.status,
        excerpt: excerptOf(text, undefined, redactor.text),
      });
    }
    // openapi-fetch only calls json() when it sees a Content-Length; then it gets the parsed value.
    const decoded = new ParsedJsonResponse(text, parsed, init);
    decoded.headers.set('content-length', String(utf8Length(text)));
    return decoded;
  };

  return { vendor, redactor, fetch: forOperation({}), forOperation };
}

/**
 * A response whose JSON was parsed once already: `json()` hands back that value and `text()` the
 * text, without the body stream a string `Response` builds (the costly part of rebuilding one);
 * the stream, `arrayBuffer()`, `blob()`… are made on first use from the same text.
 */
class ParsedJsonResponse extends Response {
  readonly #text: string;
  readonly #parsed: unknown;
  #full: Response | undefined;
  #textRead = false;
  constructor(text: string, parsed: unknown, init: ResponseInit) {
    super(null, init);
    // What `new Response(text, init)` adds when the server sent no Content-Type.
    if (!this.headers.has('content-type')) this.headers.set('content-type', 'text/plain;charset=UTF-8');
    this.#text = text;
    this.#parsed = parsed;
  }
  #materialized(): Response {
    this.#full ??= new Response(this.#text, { status: this.status, statusText: this.statusText, headers: this.headers });
    return this.#full;
  }
  #consumed(): boolean {
    return this.#textRead || (this.#full?.bodyUsed ?? false);
  }
  override get body(): Response['body'] {
    return this.#materialized().body;
  }
  override get bodyUsed(): boolean {
    return this.#consumed();
  }
  override json(): Promise<never> {
    return Promise.resolve(this.#parsed as never);
  }
  override text(): Promise<string> {
    if (this.#consumed()) return Promise.reject(new TypeError('Body is unusable: Body has already been read'));
    this.#textRead = true;
    return Promise.resolve(this.#text);
  }
  override arrayBuffer(): Promise<ArrayBuffer> {
    return this.#textRead ? this.text().then(() => new ArrayBuffer(0)) : this.#materialized().arrayBuffer();
  }
  override blob(): Promise<Blob> {
    return this.#textRead ? this.text().then(() => new Blob()) : this.#materialized().blob();
  }
  override bytes(): ReturnType<Response['bytes']> {
    return this.#textRead ? this.text().then(() => new Uint8Array(0)) : this.#materialized().bytes();
  }
  override formData(): Promise<FormData> {
    return this.#textRead ? this.text().then(() => new FormData()) : this.#materialized().formData();
  }
  override clone(): Response {
    if (this.#consumed()) throw new TypeError('Response.clone: Body has already been consumed.');
    return new ParsedJsonResponse(this.#text, this.#parsed, {
      status: this.status,
      statusText: this.statusText,
      headers: this.headers,
    });
  }
}

/** The UTF-8 byte length of a string, without encoding it (lone surrogates count 3, as U+FFFD). */
function utf8Length(text: string): number {
  let bytes = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) continue;
    if (code < 0x800) bytes += 1;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 2; // 4 bytes for the pair of 2 code units
        i++;
      } else bytes += 2;
    } else bytes += 2;
  }
  return bytes;
}

function looksLikeJson(contentType: string, text: string): boolean {
  return /json/i.test(contentType) || /^\s*[[{]/.test(text);
}

function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function describeNetworkError(error: unknown, redactor: Redactor): string {
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : undefined;
  const code = (cause as { code?: unknown } | undefined)?.code ?? (error as { code?: unknown } | undefined)?.code;
  const message = error instanceof Error ? error.message : String(error);
  const text = cause ? `${message} (${cause.message})` : message;
  return redactor.text(typeof code === 'string' && !text.includes(code) ? `${text} [${code}]` : text);
}

/** A copy of a low-level error that keeps its name, code and message but no secrets. */
function safeCause(error: unknown, redactor: Redactor): Error | undefined {
  if (!(error instanceof Error)) return undefined;
  const copy = new Error(redactor.text(error.message));
  copy.name = error.name;
  const code = (error as { code?: unknown }).code ?? (error.cause as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') Object.assign(copy, { code });
  copy.stack = `${copy.name}: ${copy.message}`;
  return copy;
}
