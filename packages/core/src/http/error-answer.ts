/**
 * The transport's error path, loaded on the first answer that is not a usable 2xx (transport.ts):
 * the typed error for an error status (or a `bodyStatus`), with the server's message and
 * `Retry-After`, and the errors for an answer too large or not the JSON it should be. Most calls
 * never take it, so it is not in every client's bundle.
 */
// Only types are imported: what this module needs at run time comes in its context, so that the
// lazily loaded chunk does not pull core's modules into a chunk of their own (an extra file loaded
// up front, which costs more than it saves).
import type { ApiError, ApiErrorInit, JobwireError, UnexpectedResponseError } from '../errors.js';
import type { Redactor } from '../redact.js';
import type { VendorId } from '../status.js';
import type { TransportCall } from './call.js';
import { requestIdOf } from './request-id.js';
import type { ErrorResponse } from './transport.js';

// The logging policy's line comes from this chunk too (one lazily loaded chunk for the error path,
// request ids and log lines): log-lines.ts and request-id.ts import nothing else at run time.
export { logExchange, logRetry } from './log-lines.js';

/** What the transport passes in: who failed, and core's error classes and helpers. */
export interface ErrorAnswerContext {
  vendor: VendorId;
  operation: string;
  redactor: Redactor;
  mapError: ((response: ErrorResponse) => JobwireError | undefined) | undefined;
  /** The call: its attempts so far (this one included) and the vendor's `requestIdHeaders`. */
  call: TransportCall;
  apiErrorClassFor: (status: number) => new (message: string, init: ApiErrorInit) => ApiError;
  unexpected: (message: string, init: { status: number; excerpt: string }) => UnexpectedResponseError;
  excerptOf: (text: string, max?: number, redact?: (text: string) => string) => string;
  serverMessage: (body: unknown, text: string, contentType: string) => string;
  parseRetryAfter: (value: string | null) => number | undefined;
  /** The HTTP status header name a `bodyStatus` error carries (`HTTP_STATUS_HEADER`). */
  httpStatusHeader: string;
}

/**
 * The typed error for a non-2xx answer whose body (up to `ERROR_BODY_MAX_BYTES`) was read, or for a
 * 2xx one whose body said an error status (`fromBody`).
 */
export function errorFromAnswer(
  response: Response,
  read: { text: string; over: boolean },
  fromBody: { status: number } | undefined,
  ctx: ErrorAnswerContext,
): JobwireError {
  const { vendor, operation, redactor, call } = ctx;
  const attempts = call.attempts;
  const contentType = response.headers.get('content-type') ?? '';
  // A body cut at the limit is kept, redacted, with an ellipsis (and not parsed).
  const text = redactor.text(read.over ? `${read.text}…` : read.text);
  const status = fromBody?.status ?? response.status;
  const statusText = fromBody ? `(status in the body; HTTP ${response.status})` : response.statusText;
  const parsed = !read.over && (/json/i.test(contentType) || /^\s*[[{]/.test(text)) ? parseJson(text) : undefined;
  const body = redactor.value(parsed === undefined ? text : parsed);
  const message = redactor.text(ctx.serverMessage(body, text, contentType));
  const headers = redactor.headers(response.headers);
  if (fromBody) headers[ctx.httpStatusHeader] = String(response.status);
  const retryAfterMs = ctx.parseRetryAfter(response.headers.get('retry-after'));
  const requestId = requestIdOf(response.headers, redactor, call.settings.requestIdHeaders);
  const statusLine = `HTTP ${status}${statusText ? ` ${statusText}` : ''}`;
  const defaultMessage = `${vendor} ${operation} failed: ${statusLine}${message ? `: ${message}` : ''}`;
  const mapped = ctx.mapError?.({
    vendor,
    operation,
    status,
    statusText,
    headers,
    body,
    message,
    retryAfterMs,
    defaultMessage,
    requestId,
    attempts,
  });
  if (mapped) return withCallFacts(mapped, requestId, attempts);
  const ErrorClass = ctx.apiErrorClassFor(status);
  return new ErrorClass(defaultMessage, { vendor, operation, status, body, headers, retryAfterMs, requestId, attempts });
}

/** A 2xx answer that cannot be used: longer than `maxResponseBytes` (`maxBytes`), or not JSON when JSON was expected. */
export function unusableAnswer(
  response: Response,
  text: string,
  maxBytes: number | undefined,
  ctx: ErrorAnswerContext,
): UnexpectedResponseError {
  const { vendor, operation } = ctx;
  const status = response.status;
  let what: string;
  if (maxBytes !== undefined) what = `answer larger than ${maxBytes} bytes refused (maxResponseBytes; HTTP ${status})`;
  else {
    const html = /html/i.test(response.headers.get('content-type') ?? '') || /^\s*</.test(text);
    what = `expected JSON, got ${html ? 'an HTML/XML page' : 'malformed or truncated JSON'} (HTTP ${status})`;
  }
  return ctx.unexpected(`${vendor} ${operation}: ${what}`, {
    status,
    excerpt: ctx.excerptOf(text, undefined, ctx.redactor.text),
  });
}

/**
 * An error a vendor's `mapError` made, given the call's request id (unless it has one) and attempt
 * count: `ApiError`s made from `apiErrorInit(response)` have both already, a `SoapFaultError` made
 * from the fault's text has neither. By the fields those classes own, not `instanceof`: this chunk
 * imports no class (see the top of this file).
 */
function withCallFacts(error: JobwireError, requestId: string | undefined, attempts: number): JobwireError {
  if ('attempts' in error && 'requestId' in error) {
    const facts = error as unknown as { requestId: string | undefined; attempts: number };
    facts.requestId ??= requestId;
    facts.attempts = attempts;
  }
  return error;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
