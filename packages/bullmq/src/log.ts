// Log lines of this package: through core's `Logger` contract, every text and field redacted with
// the secrets this process knows (`sharedRedactor`), errors as name and message only (no stack).
import { type Logger, sharedRedactor } from '@jobwire/core';
import { toWatchError } from './result.js';

/** A debug line, redacted. */
export function logDebug(logger: Logger | undefined, message: string, meta?: Record<string, unknown>): void {
  if (!logger?.debug) return;
  const redactor = sharedRedactor();
  logger.debug(redactor.text(message), meta === undefined ? undefined : redactor.value(meta));
}

/** A warning about `error` (its name and redacted message), with more fields if given. */
export function logWarning(
  logger: Logger | undefined,
  message: string,
  error: unknown,
  meta: Record<string, unknown> = {},
): void {
  if (!logger?.warn) return;
  const redactor = sharedRedactor();
  logger.warn(redactor.text(message), redactor.value({ ...meta, error: toWatchError(error) }));
}
