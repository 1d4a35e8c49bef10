/**
 * Optional logging. Libraries never write to the console: pass a logger (console works) to see
 * requests, retries and waits. Everything handed to it has been redacted.
 */
export interface Logger {
  debug?(message: string, meta?: Record<string, unknown>): void;
  warn?(message: string, meta?: Record<string, unknown>): void;
}
