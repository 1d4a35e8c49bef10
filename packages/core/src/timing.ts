/** Node fires `setTimeout` at once for delays above 2^31−1 ms; every delay is clamped to it. */
export const MAX_TIMER_DELAY_MS = 2 ** 31 - 1;

/** Clamps a delay to what `setTimeout` honours: 0 to 2^31−1 ms (larger delays would fire at once in Node). */
export function clampDelay(ms: number): number {
  if (!Number.isFinite(ms) || ms <= 0) return ms === Number.POSITIVE_INFINITY ? MAX_TIMER_DELAY_MS : 0;
  return Math.min(Math.ceil(ms), MAX_TIMER_DELAY_MS);
}

/** The reason a signal was aborted with, as `fetch` rejects with it. */
export function abortReason(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

/**
 * Resolves after `ms`, or rejects with the signal's reason when it aborts first.
 * The timer and the abort listener are both released on every path.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortReason(signal));
  return new Promise<void>((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(abortReason(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, clampDelay(ms));
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Exponential backoff with "equal jitter": the n-th retry (n = 0, 1, …) waits a uniform
 * random delay in [d/2, d] where d = min(cap, base × 2^n).
 */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: () => number = Math.random): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.min(attempt, 30));
  return ceiling / 2 + random() * (ceiling / 2);
}
