/**
 * One call through the transport: what every policy reads (operation, timeouts, deadline, signals)
 * and the little state they keep between attempts. One object per call, the same on every
 * attempt; its methods live on the prototype, so a call allocates no closures for them. Fields
 * are `declare`d (set in the constructor, in one order): no field list in every client's bundle.
 */
import type { Authenticator } from '../auth.js';
import type { JobwireError } from '../errors.js';
import type { CallScope, Instrumentation } from '../instrumentation.js';
import type { Logger } from '../logger.js';
import type { Redactor } from '../redact.js';
import type { RetryPolicy } from '../retry.js';
import type { VendorId } from '../status.js';
import type { TransportPolicyRequest } from './pipeline.js';
import type { ErrorResponse, OperationOptions } from './transport.js';

/** What a client's transport was made with, resolved once (defaults applied). */
export interface TransportSettings {
  vendor: VendorId;
  redactor: Redactor;
  logger: Logger | undefined;
  authenticator: Authenticator | undefined;
  mapError: ((response: ErrorResponse) => JobwireError | undefined) | undefined;
  readPolicy: RetryPolicy | undefined;
  writePolicy: RetryPolicy | undefined;
  timeoutMs: number;
  callTimeoutMs: number;
  streamIdleTimeoutMs: number | undefined;
  streamTimeoutMs: number;
  maxResponseBytes: number;
  allowedOrigins: ReadonlySet<string>;
  /** The vendor's own request-id header names, read before the generic ones (request-id.ts). */
  requestIdHeaders: readonly string[] | undefined;
  /** Traces and metrics (instrumentation.ts); the pipeline composes the policies that call it only when there is one. */
  instrumentation: Instrumentation | undefined;
  /** The one way out: a user's fetch (given a `Request`) or the global one (given URL and init). */
  send: (input: Request | string, init: RequestInit) => Promise<Response>;
}

const IDEMPOTENT_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A signal that never aborts, for a call made without one. */
const NEVER = new AbortController().signal;

/** The per-call state of the pipeline (pipeline.ts). */
export class TransportCall implements TransportPolicyRequest {
  declare readonly vendor: VendorId;
  declare readonly operation: string;
  declare readonly method: string;
  declare readonly url: string;
  /** The headers every attempt sends (one copy per call; credentials and User-Agent are set on it). */
  declare readonly headers: Headers;
  /** The headers as the caller gave them, before credentials: what may follow a redirect elsewhere. */
  declare readonly headersInit: HeadersInit;
  /** What is sent: openapi-fetch's `Request`, or the URL of a `TransportRequest`. */
  declare readonly input: Request | string;
  /** A `TransportRequest`'s string body (resent as is). */
  declare readonly requestBody: string | undefined;
  /** A copy of a `Request` with a body, for a second send (a `Request` body is read once). */
  declare readonly template: Request | undefined;
  /** How a 2xx body is read (`OperationOptions.body`). */
  declare readonly mode: OperationOptions['body'];
  declare readonly idempotent: boolean;
  /** False for the request that obtains credentials: no credentials, no concurrency slot. */
  declare readonly authenticate: boolean;
  /** The caller's signal. */
  declare readonly userSignal: AbortSignal | undefined;
  /** The current attempt's signal (set by the timeout policy): the caller's abort or the attempt's timer. */
  declare signal: AbortSignal;
  declare readonly timeoutMs: number;
  declare readonly callTimeoutMs: number;
  /** When the whole call must be over (ms since the epoch): fixed when the call starts. */
  declare readonly deadline: number;
  declare readonly maxBytes: number;
  /** The operation's options as given (the stream timeouts are read from them when a body streams). */
  declare readonly op: OperationOptions;
  /** The retry policy of this call: reads', or writes' (`retryWrites`). */
  declare readonly retry: RetryPolicy | undefined;
  /** Attempts started (retries included), counted by the concurrency-limit policy: 1 during the first. */
  declare attempts: number;
  /** Requests sent (the resend after a credential renewal included). */
  declare sends: number;
  /** Credentials were renewed once already in this call. */
  declare renewed: boolean;
  declare readonly settings: TransportSettings;
  /** The instrumentation's scope of this call, set by the trace-call policy (never set, nor read, without instrumentation). */
  declare scope: CallScope | undefined;
  declare private redacted: string | undefined;

  constructor(
    settings: TransportSettings,
    input: Request | string,
    method: string,
    headersInit: HeadersInit,
    requestBody: string | undefined,
    op: OperationOptions,
    mode: OperationOptions['body'],
    userSignal: AbortSignal | undefined,
  ) {
    this.settings = settings;
    this.vendor = settings.vendor;
    this.input = input;
    this.method = method;
    this.url = typeof input === 'string' ? input : input.url;
    this.operation = op.operation ?? `${method} ${new URL(this.url).pathname}`;
    this.headersInit = headersInit;
    this.headers = new Headers(headersInit);
    this.requestBody = requestBody;
    this.mode = mode;
    this.idempotent = op.idempotent ?? IDEMPOTENT_METHODS.has(method);
    this.retry = this.idempotent ? settings.readPolicy : settings.writePolicy;
    this.authenticate = op.authenticate !== false;
    // A Request's body can be read once: keep a copy for a second send (a retry, or the resend
    // after a 401 answered by fresh credentials, writes included: the server refused it unread).
    this.template =
      typeof input !== 'string' && input.body && (this.retry || (this.authenticate && settings.authenticator?.renew))
        ? input.clone()
        : undefined;
    this.userSignal = userSignal;
    this.signal = userSignal ?? NEVER;
    this.redacted = undefined;
    this.attempts = 0;
    this.sends = 0;
    this.renewed = false;
    this.timeoutMs = op.timeoutMs ?? settings.timeoutMs;
    this.callTimeoutMs = op.callTimeoutMs ?? settings.callTimeoutMs;
    this.deadline = Date.now() + this.callTimeoutMs;
    this.maxBytes = op.maxResponseBytes ?? settings.maxResponseBytes;
    this.op = op;
  }

  /** The URL redacted, for logs and errors; worked out only when one needs it. */
  redactedUrl(): string {
    this.redacted ??= this.settings.redactor.url(this.url);
    return this.redacted;
  }

  /** What the next send sends: the input, or a fresh copy of a `Request` whose body went with an earlier send. */
  nextInput(): Request | string {
    return this.sends++ === 0 || !this.template ? this.input : this.template.clone();
  }

  /** Whether a redirect may send the request again (reads; writes with `retryWrites`). */
  get mayResend(): boolean {
    return this.idempotent || this.settings.writePolicy !== undefined;
  }

  /** The body again, for a 307/308 that keeps it; undefined when it cannot be had twice. */
  resendBody(): string | undefined | Promise<ArrayBuffer> {
    if (typeof this.input === 'string') return this.requestBody;
    return this.template?.clone().arrayBuffer();
  }
}
