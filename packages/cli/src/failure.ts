// How a command that failed ends: the line people read, the JSON scripts read, and the exit code.
// Loaded only when a command fails, so a command that ends well never loads core's error classes.
import { AuthenticationError, ConnectionError, JobwireError, TimeoutError, WaitTimeoutError } from '@jobwire/core';
import { UsageError } from './errors.js';
import { ExitCode } from './exit-codes.js';

/** The exit code for an error a command ended with. */
export function exitCodeForError(error: unknown): ExitCode {
  if (error instanceof WaitTimeoutError) return ExitCode.timedOut;
  if (
    error instanceof UsageError ||
    error instanceof ConnectionError ||
    error instanceof TimeoutError ||
    error instanceof AuthenticationError
  ) {
    return ExitCode.usage;
  }
  return ExitCode.failed;
}

/** An error as scripts see it with `--json`: the error's own redacted JSON. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (error instanceof JobwireError) return { error: error.toJSON() };
  return {
    error: {
      name: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
    },
  };
}

/**
 * The error as one line for people. A server that cannot be reached is said once, by host and
 * cause — `could not reach 127.0.0.1:1 (ECONNREFUSED)` — however deep the request that failed was
 * (a token request inside a status call); every other error is its own (redacted) message.
 */
export function errorMessage(error: unknown): string {
  if (error instanceof ConnectionError) return unreachable(error) ?? error.message;
  return error instanceof Error ? error.message : String(error);
}

/**
 * `could not reach <host> (<code>)` from a `ConnectionError`: the host of the last URL its message
 * says it could not reach (the innermost request, already redacted by core), and the first error
 * code (`ECONNREFUSED`, `ENOTFOUND`…) along its causes. `undefined` when either is missing.
 */
function unreachable(error: ConnectionError): string | undefined {
  const urls = [...error.message.matchAll(/could not reach (\S+?): /g)].map((match) => match[1]);
  const last = urls.at(-1);
  const host = last !== undefined && URL.canParse(last) ? new URL(last).host : undefined;
  const code = errorCode(error);
  return host && code ? `could not reach ${host} (${code})` : undefined;
}

/** The first string `code` on the error or its causes. */
function errorCode(error: unknown): string | undefined {
  for (let current = error, depth = 0; current instanceof Error && depth < 10; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== '') return code;
  }
  return undefined;
}
