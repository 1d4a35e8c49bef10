/**
 * Logging: one debug line per exchange (method, redacted URL, final status after redirects, time
 * taken), through the client's `logger` only, with the same facts as a meta object for loggers that
 * index fields: `{ vendor, operation, method, url, status, durationMs, attempt, requestId? }`
 * (log-lines.ts). Left out of the pipeline when there is no logger. Retries are logged by the retry
 * policy, which decides them. The line is built by code loaded on the first one, with the error
 * path (lazy-chunks.ts), so that it is in no client's up-front bundle.
 */
import type { Logger } from '../../logger.js';
import { loadErrorAnswer } from '../lazy-chunks.js';
import type { ExchangePolicy } from '../pipeline.js';

/** Logs each exchange at debug level, redacted. */
export function loggingPolicy(logger: Logger): ExchangePolicy {
  return {
    name: 'logging',
    async sendRequest(call, next) {
      const started = Date.now();
      const response = await next(call);
      (await loadErrorAnswer()).logExchange(logger, call, response, Date.now() - started);
      return response;
    },
  };
}
