// Every result a result worker delivers, kept per watch id with its duplicates (delivery is at least
// once), and a way to wait until each of a set of watches has one.
import { createResultWorker } from '../../src/index.js';
import type { RedisOptions, WatchResult } from '../../src/types.js';

/** A running result worker that records what it is handed. */
export interface ResultCollector {
  /** Every delivery, by watch id, in order. */
  readonly results: ReadonlyMap<string, readonly WatchResult[]>;
  /** Resolves once every id has at least one result; rejects after `timeoutMs` naming the ones still missing. */
  all(ids: readonly string[], timeoutMs: number): Promise<void>;
  /** Closes the result worker. */
  close(): Promise<void>;
}

/** Starts a result worker on `redis` that records every result it is handed. */
export async function collectResults(redis: RedisOptions): Promise<ResultCollector> {
  const results = new Map<string, WatchResult[]>();
  const listeners = new Set<() => void>();
  const worker = createResultWorker({
    ...redis,
    concurrency: 5,
    async handle(result) {
      results.set(result.id, [...(results.get(result.id) ?? []), result]);
      for (const listener of listeners) listener();
    },
  });
  await worker.ready();
  return {
    results,
    all(ids, timeoutMs) {
      return new Promise<void>((resolve, reject) => {
        const check = () => {
          if (!ids.every((id) => results.has(id))) return;
          listeners.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners.delete(check);
          const missing = ids.filter((id) => !results.has(id));
          reject(
            new Error(`no result within ${timeoutMs} ms for ${missing.length} of ${ids.length} watches: ${missing.join(', ')}`),
          );
        }, timeoutMs);
        listeners.add(check);
        check();
      });
    },
    close: () => worker.close(),
  };
}
