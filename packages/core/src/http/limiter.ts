/**
 * Caps how many requests one client has in flight; the others wait their turn, in order.
 * 10,000 waiters polling one server otherwise open 10,000 sockets at once, each holding its
 * buffers (the many-waiters benchmark: ~1 GB of heap, seconds of latency). The AWS SDK caps
 * sockets per host at 50 for the same reason.
 */
export interface Limiter {
  /** Resolves with a release function once a slot is free; rejects with the signal's reason if it aborts first. */
  acquire(signal?: AbortSignal): Promise<() => void>;
}

/** The default cap of requests in flight per client. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 50;

/** A limiter of `max` slots (`Infinity`: no limit). */
export function createLimiter(max: number): Limiter {
  let active = 0;
  // A Set keeps insertion order and deletes in O(1): an aborted waiter leaves from anywhere.
  const waiting = new Set<() => void>();
  const release = (): void => {
    const next = waiting.values().next();
    if (next.done) active--;
    else {
      waiting.delete(next.value);
      next.value(); // the slot passes straight to the next waiter
    }
  };
  const once = (): (() => void) => {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      release();
    };
  };
  return {
    acquire(signal) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      if (active < max) {
        active++;
        return Promise.resolve(once());
      }
      return new Promise((resolve, reject) => {
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(once());
        };
        const onAbort = (): void => {
          waiting.delete(grant);
          reject(signal?.reason);
        };
        waiting.add(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
