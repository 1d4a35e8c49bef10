/**
 * Logging: one debug line per exchange (method, redacted URL, final status after redirects, time
 * taken), through the client's `logger` only, with the same facts as a meta object for loggers that
 * index fields: `{ vendor, operation, method, url, status, durationMs, attempt, requestId? }`. Left
 * out of the pipeline when there is no logger with `debug`. Retries are logged by the retry policy,
 * which decides them. The request id is read by code loaded with the error path (error-answer.ts),
 * on the first line logged.
 */
import type { Logger } from '../../logger.js';
import { loadErrorAnswer } from '../lazy-chunks.js';
import type { ExchangePolicy } from '../pipeline.js';

/** What the logging policy's debug line carries besides its message (all redacted). */
// A type (not an interface), so that it is a `Record<string, unknown>` for `Logger.debug`.
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

/** Logs each exchange at debug level, redacted. */
export function loggingPolicy(logger: Logger): ExchangePolicy {
  return {
    name: 'logging',
    async sendRequest(call, next) {
      const started = Date.now();
      const response = await next(call);
      const durationMs = Date.now() - started;
      if (!logger.debug) return response;
      const { requestIdOf } = loadErrorAnswer.loaded() ?? (await loadErrorAnswer());
      const url = call.redactedUrl();
      const meta: ExchangeLogMeta = {
        vendor: call.vendor,
        operation: call.operation,
        method: call.method,
        url,
        status: response.status,
        durationMs,
        attempt: call.attempts,
      };
      const requestId = requestIdOf(response.headers, call.settings.redactor, call.settings.requestIdHeaders);
      if (requestId !== undefined) meta.requestId = requestId;
      logger.debug(`${call.vendor} ${call.operation}: ${call.method} ${url} → ${response.status} (${durationMs} ms)`, meta);
      return response;
    },
  };
}
