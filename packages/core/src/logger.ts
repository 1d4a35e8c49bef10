/**
 * Optional logging. Libraries never write to the console: pass a logger (console works) to see
 * requests, retries and waits. Everything handed to it has been redacted.
 */
export interface Logger {
  /** Debug lines (requests, retries, polls), redacted. */
  debug?(message: string, meta?: Record<string, unknown>): void;
  /** Warnings (e.g. an unknown vendor status), redacted. */
  warn?(message: string, meta?: Record<string, unknown>): void;
}
