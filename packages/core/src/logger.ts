/**
 * Optional logging. Libraries never write to the console: pass a logger to see requests, retries
 * and waits. Everything handed to it has been redacted.
 *
 * jobwire logs at two levels only, `debug` (each exchange, redirects) and `warn` (retries,
 * surprises), as `(message, meta)`. `console` and winston take that shape as they are; pino and
 * bunyan take `(fields, message)` and need `objectFirstLogger` (below), or they keep the message
 * and silently drop the meta.
 */
export interface Logger {
  /** Debug lines (requests, retries, polls), redacted. A logger without `debug` just misses them. */
  debug?(message: string, meta?: Record<string, unknown>): void;
  /** Warnings (e.g. a retry, an unknown vendor status), redacted. A logger without `warn` misses them. */
  warn?(message: string, meta?: Record<string, unknown>): void;
}

/**
 * A logger whose methods take the fields first and the message second, as pino's and bunyan's do:
 * `log.warn({ url, error }, 'retry 1 in 500 ms')`.
 */
export interface ObjectFirstLogger {
  /** Debug lines: the fields, then the message. */
  debug?(fields: Record<string, unknown>, message: string): void;
  /** Warnings: the fields, then the message. */
  warn?(fields: Record<string, unknown>, message: string): void;
}

/**
 * Adapts a pino or bunyan logger (fields first, message second) to jobwire's `Logger`, so that
 * every meta field (`url`, `error`, `attempt`, …) reaches the log record. Passing pino as it is
 * type-checks — its methods also accept `(message, ...args)` — but then keeps only the message.
 *
 * `debug` goes to the logger's `debug` and `warn` to its `warn`, called as its own methods; the
 * logger's level decides what is written (pino's default `info` drops the debug lines). A method
 * the logger does not have is left out, and those lines are not logged. The message is passed as
 * the format string with no arguments, so a `%` in it (a percent-encoded URL) is written as is.
 *
 * @example
 * ```ts
 * import pino from 'pino';
 * import { objectFirstLogger } from '@jobwire/core';
 *
 * const logger = objectFirstLogger(pino({ level: 'debug' }));
 * // → {"level":40,…,"url":"https://h/jobs/1?api_key=***","error":"HTTP 503 …","msg":"alteryx-server getJob: retry 1 in 500 ms"}
 * ```
 */
export function objectFirstLogger(logger: ObjectFirstLogger): Logger {
  const adapted: Logger = {};
  if (typeof logger.debug === 'function') adapted.debug = (message, meta) => logger.debug?.(meta ?? {}, message);
  if (typeof logger.warn === 'function') adapted.warn = (message, meta) => logger.warn?.(meta ?? {}, message);
  return adapted;
}
