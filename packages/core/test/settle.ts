import { vi } from 'vitest';

/**
 * Lets a promise run under fake timers: advances them by `ms` (default 10 minutes), then reports
 * how the promise settled, so a test can assert on a value or an error without an unhandled rejection.
 */
export async function settle<T>(promise: Promise<T>, ms = 10 * 60_000): Promise<{ value?: T; error?: unknown }> {
  const result: { value?: T; error?: unknown } = {};
  const done = promise.then(
    (value) => {
      result.value = value;
    },
    (error: unknown) => {
      result.error = error;
    },
  );
  await vi.advanceTimersByTimeAsync(ms);
  await done;
  return result;
}
