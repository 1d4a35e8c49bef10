/**
 * Logging: one debug line per exchange (method, redacted URL, final status after redirects, time
 * taken), through the client's `logger` only. Left out of the pipeline when there is no logger
 * with `debug`. Retries are logged by the retry policy, which decides them.
 */
import type { Logger } from '../../logger.js';
import type { ExchangePolicy } from '../pipeline.js';

/** Logs each exchange at debug level, redacted. */
export function loggingPolicy(logger: Logger): ExchangePolicy {
  return {
    name: 'logging',
    async sendRequest(call, next) {
      const started = Date.now();
      const response = await next(call);
      logger.debug?.(
        `${call.vendor} ${call.operation}: ${call.method} ${call.redactedUrl()} → ${response.status} (${Date.now() - started} ms)`,
      );
      return response;
    },
  };
}
