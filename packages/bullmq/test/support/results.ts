// Collecting results in tests: a result worker whose handler keeps every delivery (by watch id, with
// its duplicates: delivery is at least once) and resolves whoever waits for one or for a set.
import type { ConnectionOptions } from 'bullmq';
import { createResultWorker, type ResultWorker, type WatchResult } from '../../src/index.js';

/** A running result worker and the results it has handled. */
export interface ResultCollector {
  readonly worker: ResultWorker;
  /** Every delivery, in order (a redelivered result appears twice). */
  readonly deliveries: WatchResult[];
  /** Every delivery by watch id, in order. */
  readonly results: ReadonlyMap<string, readonly WatchResult[]>;
  /** Resolves with the result of watch `id` once it has been delivered. */
  result(id: string): Promise<WatchResult>;
  /** Resolves once every id has at least one result; rejects after `timeoutMs` naming the ones still missing. */
  all(ids: readonly string[], timeoutMs: number): Promise<void>;
  close(): Promise<void>;
}

export function collectResults(
  connection: ConnectionOptions,
  prefix: string,
  options: { lockDurationMs?: number } = {},
): ResultCollector {
  const deliveries: WatchResult[] = [];
  const results = new Map<string, WatchResult[]>();
  const listeners = new Set<() => void>();
  const worker = createResultWorker({
    connection,
    prefix,
    concurrency: 5,
    ...options,
    async handle(result) {
      deliveries.push(result);
      results.set(result.id, [...(results.get(result.id) ?? []), result]);
      for (const listener of [...listeners]) listener();
    },
  });
  /** Resolves when `ready()` holds, or rejects after `timeoutMs` with what `missing()` says. */
  const until = (ready: () => boolean, timeoutMs: number, missing: () => string) =>
    new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!ready()) return;
        listeners.delete(check);
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        listeners.delete(check);
        reject(new Error(`no result within ${timeoutMs} ms for ${missing()}`));
      }, timeoutMs);
      listeners.add(check);
      check();
    });
  return {
    worker,
    deliveries,
    results,
    async result(id) {
      await until(
        () => results.has(id),
        60_000,
        () => id,
      );
      return results.get(id)?.[0] as WatchResult;
    },
    all(ids, timeoutMs) {
      return until(
        () => ids.every((id) => results.has(id)),
        timeoutMs,
        () => {
          const missing = ids.filter((id) => !results.has(id));
          return `${missing.length} of ${ids.length} watches: ${missing.join(', ')}`;
        },
      );
    },
    close: () => worker.close(),
  };
}

let counter = 0;
/** A prefix of its own for each test, so tests sharing a Redis never see each other's keys. */
export function uniquePrefix(): string {
  counter += 1;
  return `jwtest${process.pid}-${counter}`;
}
