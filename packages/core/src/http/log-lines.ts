/**
 * The logging policy's debug line, built here and loaded with the error path (error-answer.ts
 * re-exports it, so both live in one lazily loaded chunk): a client without a logger never loads
 * it, and it is not in any client's up-front bundle.
 */
import type { Logger } from '../logger.js';
import type { RetryEvent } from '../retry.js';
import type { TransportCall } from './call.js';
import { requestIdOf } from './request-id.js';

/**
 * What the debug line of one exchange carries besides its message (all redacted). A type, not an
 * interface, so that it is a `Record<string, unknown>` for `Logger.debug`.
 */
export type ExchangeLogMeta = {
  vendor: string;
  operation: string;
  method: string;
  /** The URL, redacted. */
  url: string;
  /** The final status (after the redirects followed). */
  status: number;
  durationMs: number;
  /** Which attempt of the call this exchange belongs to: 1 for the first, 2 for the first retry… */
  attempt: number;
  /** The answer's request id (`ApiError.requestId`), when it carries one. */
  requestId?: string;
};

/** Logs one exchange at debug level: `<vendor> <operation>: GET <url> → 200 (12 ms)` and its meta. */
export function logExchange(logger: Logger, call: TransportCall, response: Response, durationMs: number): void {
  const url = call.redactedUrl();
  const { vendor, operation, method } = call;
  const meta: ExchangeLogMeta = { vendor, operation, method, url, status: response.status, durationMs, attempt: call.attempts };
  const requestId = requestIdOf(response.headers, call.settings.redactor, call.settings.requestIdHeaders);
  if (requestId !== undefined) meta.requestId = requestId;
  log(logger, 'debug', `${vendor} ${operation}: ${method} ${url} → ${response.status} (${durationMs} ms)`, meta);
}

/**
 * Logs a retry at warn level: `<vendor> <operation>: retry 1 in 512 ms` with `{ url, error, attempt,
 * delayMs, requestId }` — `attempt`: the attempt that failed (retry n follows attempt n);
 * `requestId`: the failed answer's (`ApiError.requestId`), undefined when it had none or there was
 * no answer.
 */
export function logRetry(logger: Logger, call: TransportCall, retry: RetryEvent): void {
  const delayMs = Math.round(retry.delayMs);
  const { attempt, error } = retry;
  log(logger, 'warn', `${call.vendor} ${call.operation}: retry ${attempt} in ${delayMs} ms`, {
    url: call.redactedUrl(),
    error: error instanceof Error ? error.message : String(error),
    attempt,
    delayMs,
    requestId: (error as { requestId?: string } | null)?.requestId,
  });
}

/**
 * Hands a line to the application's logger. Percent-escapes in the message are upper-cased (RFC 3986
 * §6.2.2.1: the same URL): winston reads `%c`, `%d`, `%s`… in a message as a format and then drops
 * the meta, and `%C3` is no format. A logger that throws does not fail the call it was told about.
 */
export function log(logger: Logger, level: 'debug' | 'warn', message: string, meta?: Record<string, unknown>): void {
  try {
    logger[level]?.(
      message.replace(/%[0-9a-f]{2}/gi, (percent) => percent.toUpperCase()),
      meta,
    );
  } catch {
    // The application's logger failed; the call it was logging goes on.
  }
}
