// Collecting results in tests: a result worker whose handler keeps every result by watch id and
// resolves whoever waits for one.
import type { ConnectionOptions } from 'bullmq';
import { createResultWorker, type ResultWorker, type WatchResult } from '../../src/index.js';

/** A running result worker and the results it has handled. */
export interface ResultCollector {
  readonly worker: ResultWorker;
  /** Every delivery, in order (a redelivered result appears twice). */
  readonly deliveries: WatchResult[];
  /** Resolves with the result of watch `id` once it has been delivered. */
  result(id: string): Promise<WatchResult>;
  close(): Promise<void>;
}

export function collectResults(
  connection: ConnectionOptions,
  prefix: string,
  options: { lockDurationMs?: number } = {},
): ResultCollector {
  const deliveries: WatchResult[] = [];
  const waiters = new Map<string, Array<(result: WatchResult) => void>>();
  const worker = createResultWorker({
    connection,
    prefix,
    concurrency: 5,
    ...options,
    async handle(result) {
      deliveries.push(result);
      for (const resolve of waiters.get(result.id) ?? []) resolve(result);
      waiters.delete(result.id);
    },
  });
  return {
    worker,
    deliveries,
    result(id) {
      const delivered = deliveries.find((result) => result.id === id);
      if (delivered) return Promise.resolve(delivered);
      return new Promise((resolve) => waiters.set(id, [...(waiters.get(id) ?? []), resolve]));
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
