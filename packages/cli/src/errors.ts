import { JobwireError } from '@jobwire/core';

/** A mistake in how the command was called or configured: exit code 2, message shown as is. */
export class UsageError extends Error {
  override name = 'UsageError';
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
