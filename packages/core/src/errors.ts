import { sharedRedactor } from './redact.js';
import type { JobStatus, VendorId } from './status.js';

/** What every jobwire error knows: which vendor, which operation. */
export interface ErrorContext {
  /** The vendor this talks to or came from. */
  vendor: VendorId;
  /** The client operation, e.g. `getJob`, `cancelJob`, `GetTaskStatus`. */
  operation: string;
  /** The underlying error, already stripped of secrets. */
  cause?: unknown;
}

/**
 * Base class of every error jobwire throws. Messages are redacted before they get here, and once
 * more here with every secret this process knows (`sharedRedactor`), whoever built the message.
 */
export class JobwireError extends Error {
  static {
    JobwireError.prototype.name = 'JobwireError';
  }
  /** The vendor this talks to or came from. */
  readonly vendor: VendorId;
  /** The operation, as named in errors and logs (e.g. `getJobStatus`). */
  readonly operation: string;

  constructor(message: string, context: ErrorContext) {
    super(sharedRedactor().text(message), context.cause === undefined ? undefined : { cause: context.cause });
    this.vendor = context.vendor;
    this.operation = context.operation;
  }

  /** A plain, redacted object for logs and `JSON.stringify`. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      message: this.message,
      vendor: this.vendor,
      operation: this.operation,
    };
    for (const [key, value] of Object.entries(this)) {
      if (!(key in json) && value !== undefined) json[key] = value;
    }
    return json;
  }
}

/** What an `ApiError` is made from: the HTTP status, redacted body and headers, and `Retry-After`. */
export interface ApiErrorInit extends ErrorContext {
  /** The HTTP status. */
  status: number;
  /** The response body, decoded where possible and redacted. */
  body?: unknown;
  /** Response headers, redacted. */
  headers?: Record<string, string>;
  /** Retry-After in milliseconds, when the server sent one. */
  retryAfterMs?: number | undefined;
  /** The server's request / correlation id (see `ApiError.requestId`), redacted and bounded. */
  requestId?: string | undefined;
  /** How many attempts the call made (default 1). */
  attempts?: number | undefined;
}

/** The server answered with an HTTP error status. */
export class ApiError extends JobwireError {
  static {
    ApiError.prototype.name = 'ApiError';
  }
  /** The HTTP status. */
  readonly status: number;
  /** The response body, decoded where possible and redacted. */
  readonly body: unknown;
  /** The response headers, redacted. */
  readonly headers: Record<string, string>;
  /** The server's `Retry-After`, in ms, when it sent one. */
  readonly retryAfterMs: number | undefined;
  /**
   * The id the server gave this answer (`X-Request-Id`, `Request-Id`, `X-Correlation-Id`… see
   * `REQUEST_ID_HEADERS`), to quote to the vendor's support; undefined when it sent none. Redacted,
   * printable ASCII only, at most 128 characters. Not in the message (messages stay stable).
   */
  declare readonly requestId: string | undefined;
  /** How many attempts the call made before it gave up with this error: 1 without a retry. */
  declare readonly attempts: number;

  constructor(message: string, init: ApiErrorInit) {
    super(message, init);
    this.status = init.status;
    this.body = sharedRedactor().value(init.body);
    this.headers = init.headers ?? {};
    this.retryAfterMs = init.retryAfterMs;
    this.requestId = init.requestId;
    this.attempts = init.attempts ?? 1;
  }
}

/** 401: the credentials were missing, wrong or expired. */
export class AuthenticationError extends ApiError {
  static {
    AuthenticationError.prototype.name = 'AuthenticationError';
  }
}
/** 403, or the vendor's own way of saying "not allowed". */
export class PermissionError extends ApiError {
  static {
    PermissionError.prototype.name = 'PermissionError';
  }
}
/** 404: the job (or the endpoint) does not exist. */
export class NotFoundError extends ApiError {
  static {
    NotFoundError.prototype.name = 'NotFoundError';
  }
}
/** The operation is not allowed in the job's current state (e.g. cancelling a finished job). */
export class InvalidStateError extends ApiError {
  static {
    InvalidStateError.prototype.name = 'InvalidStateError';
  }
}
/** 429: slow down; `retryAfterMs` says for how long when the server told us. */
export class RateLimitError extends ApiError {
  static {
    RateLimitError.prototype.name = 'RateLimitError';
  }
}
/** 5xx. */
export class ServerError extends ApiError {
  static {
    ServerError.prototype.name = 'ServerError';
  }
}

/** What a `RedirectError` is made from: the answer, and where it pointed. */
export interface RedirectErrorInit extends ApiErrorInit {
  /** The origin the server redirected to ('' when it could not be read). */
  targetOrigin: string;
  /** The redirect target, redacted. */
  location: string;
}

/**
 * A redirect jobwire did not follow: to another origin not in `allowedRedirectOrigins`, a write
 * that would be sent again without `retryWrites`, a body bound for another origin, too many hops.
 */
export class RedirectError extends ApiError {
  static {
    RedirectError.prototype.name = 'RedirectError';
  }
  /** The origin the server redirected to ('' when it could not be read). */
  readonly targetOrigin: string;
  /** The redirect target, redacted. */
  readonly location: string;
  constructor(message: string, init: RedirectErrorInit) {
    super(message, init);
    this.targetOrigin = init.targetOrigin;
    this.location = init.location;
  }
}

/** What a `SoapFaultError` is made from: the fault's code, string and detail. */
export interface SoapFaultInit extends ErrorContext {
  /** The fault code. */
  faultCode: string;
  /** The fault string. */
  faultString: string;
  /** The fault's `detail`, parsed. */
  detail?: unknown;
  /** HTTP status that carried the fault (500 for SOAP 1.1). */
  status?: number | undefined;
  /** The server's request / correlation id, redacted and bounded. */
  requestId?: string | undefined;
  /** How many attempts the call made (default 1). */
  attempts?: number | undefined;
}

/** A SOAP fault, with the namespace prefix kept in `faultCode` exactly as sent. */
export class SoapFaultError extends JobwireError {
  static {
    SoapFaultError.prototype.name = 'SoapFaultError';
  }
  /** The fault code exactly as sent, namespace prefix included (e.g. `soap:Server`, `env:Client`). */
  readonly faultCode: string;
  /** The fault string: the server's own message. */
  readonly faultString: string;
  /** The fault's `detail`, parsed and redacted. */
  readonly detail: unknown;
  /** The HTTP status the fault came with. */
  readonly status: number | undefined;
  /** The id the server gave the answer that carried the fault, as `ApiError.requestId`; undefined when none. */
  declare readonly requestId: string | undefined;
  /** How many attempts the call made: 1 without a retry. */
  declare readonly attempts: number;

  constructor(message: string, init: SoapFaultInit) {
    super(message, init);
    this.faultCode = init.faultCode;
    this.faultString = sharedRedactor().text(init.faultString);
    this.detail = sharedRedactor().value(init.detail);
    this.status = init.status;
    this.requestId = init.requestId;
    this.attempts = init.attempts ?? 1;
  }
}

/** The server could not be reached, or the connection dropped mid-response. */
export class ConnectionError extends JobwireError {
  static {
    ConnectionError.prototype.name = 'ConnectionError';
  }
  /** How many attempts the call made: 1 without a retry. */
  declare readonly attempts: number;
  constructor(message: string, init: ErrorContext & { attempts?: number | undefined }) {
    super(message, init);
    this.attempts = init.attempts ?? 1;
  }
}

/** One request took longer than its timeout. */
export class TimeoutError extends JobwireError {
  static {
    TimeoutError.prototype.name = 'TimeoutError';
  }
  /** The timeout that expired, in ms. */
  readonly timeoutMs: number;
  /** How many attempts the call made: 1 without a retry. */
  declare readonly attempts: number;
  constructor(message: string, init: ErrorContext & { timeoutMs: number; attempts?: number | undefined }) {
    super(message, init);
    this.timeoutMs = init.timeoutMs;
    this.attempts = init.attempts ?? 1;
  }
}

/** A body that does not parse, or does not have the documented shape. */
export class UnexpectedResponseError extends JobwireError {
  static {
    UnexpectedResponseError.prototype.name = 'UnexpectedResponseError';
  }
  /** HTTP status, when the body came over HTTP. */
  readonly status: number | undefined;
  /** A short, redacted excerpt of the body. */
  readonly excerpt: string;
  constructor(message: string, init: ErrorContext & { status?: number | undefined; excerpt?: string }) {
    super(message, init);
    this.status = init.status;
    this.excerpt = init.excerpt ?? '';
  }
}

/** `waitForJob` ran out of time; `lastStatus` is the last status seen, if any. */
export class WaitTimeoutError extends JobwireError {
  static {
    WaitTimeoutError.prototype.name = 'WaitTimeoutError';
  }
  /** The overall timeout that expired, in ms. */
  readonly timeoutMs: number;
  /** The last status seen before time ran out. */
  readonly lastStatus: JobStatus | undefined;
  constructor(message: string, init: ErrorContext & { timeoutMs: number; lastStatus?: JobStatus | undefined }) {
    super(message, init);
    this.timeoutMs = init.timeoutMs;
    // A status goes where the error goes (logs, JSON, the CLI): its raw answer, detail and
    // vendor status text are scrubbed of every secret this process knows.
    this.lastStatus = init.lastStatus && sharedRedactor().value(init.lastStatus);
  }
}

type ApiErrorClass = new (message: string, init: ApiErrorInit) => ApiError;

/** The error class for an HTTP status: one class per status family. */
export function apiErrorClassFor(status: number): ApiErrorClass {
  if (status === 401) return AuthenticationError;
  if (status === 403) return PermissionError;
  if (status === 404) return NotFoundError;
  if (status === 429) return RateLimitError;
  if (status >= 500) return ServerError;
  return ApiError;
}

/**
 * Errors worth trying again: the request may succeed if repeated (reads), or the job may
 * still be readable on the next poll (waiting).
 */
export function isTransientError(error: unknown): boolean {
  if (error instanceof ConnectionError || error instanceof TimeoutError) return true;
  if (error instanceof RateLimitError || error instanceof ServerError) return true;
  if (error instanceof ApiError) return error.status === 408;
  return false;
}

/**
 * The `ApiErrorInit` of an error answer, for a vendor's error mapper: from the `ErrorResponse` it
 * gets, exactly the fields an `ApiError` keeps (vendor, operation, status, redacted body and
 * headers, `Retry-After`): `new InvalidStateError(response.defaultMessage, apiErrorInit(response))`. The
 * transport gives whatever error `mapError` returns the answer's `requestId` and the call's `attempts`.
 */
export function apiErrorInit(response: ApiErrorInit): ApiErrorInit {
  return {
    vendor: response.vendor,
    operation: response.operation,
    status: response.status,
    body: response.body,
    headers: response.headers,
    retryAfterMs: response.retryAfterMs,
  };
}
