/**
 * Caps how many requests one client has in flight; the others wait their turn, in order.
 * 10,000 waiters polling one server otherwise open 10,000 sockets at once, each holding its
 * buffers (the many-waiters benchmark: ~1 GB of heap, seconds of latency). The AWS SDK caps
 * sockets per host at 50 for the same reason.
 */
export interface Limiter {
  /** A release function when a slot is free now, else undefined (nothing is queued). */
  tryAcquire(): (() => void) | undefined;
  /**
   * Resolves with a release function once a slot is free; rejects with the signal's reason if it
   * aborts first. `ahead`: a retry of a call that already had its turn waits before every newcomer,
   * so a retry keeps its place in the line instead of going to the back of it.
   */
  acquire(signal?: AbortSignal, ahead?: boolean): Promise<() => void>;
}

/** The default cap of requests in flight per client. */
export const DEFAULT_MAX_CONCURRENT_REQUESTS = 50;

/** A limiter of `max` slots (`Infinity`: no limit). */
export function createLimiter(max: number): Limiter {
  let active = 0;
  // A Set keeps insertion order and deletes in O(1): an aborted waiter leaves from anywhere.
  // Retries wait in `ahead`, served before the newcomers in `waiting`.
  const ahead = new Set<() => void>();
  const waiting = new Set<() => void>();
  const release = (): void => {
    const line = ahead.size > 0 ? ahead : waiting;
    const next = line.values().next();
    if (next.done) active--;
    else {
      line.delete(next.value);
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
  const tryAcquire = (): (() => void) | undefined => {
    if (active >= max) return undefined;
    active++;
    return once();
  };
  return {
    tryAcquire,
    acquire(signal, first = false) {
      if (signal?.aborted) return Promise.reject(signal.reason);
      const now = tryAcquire();
      if (now) return Promise.resolve(now);
      const line = first ? ahead : waiting;
      return new Promise((resolve, reject) => {
        const grant = (): void => {
          signal?.removeEventListener('abort', onAbort);
          resolve(once());
        };
        const onAbort = (): void => {
          line.delete(grant);
          reject(signal?.reason);
        };
        line.add(grant);
        signal?.addEventListener('abort', onAbort, { once: true });
      });
    },
  };
}
