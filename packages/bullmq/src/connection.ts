// The connection a worker gives BullMQ. Options (not a client) get `maxRetriesPerRequest: null`:
// BullMQ needs it for workers and would otherwise override it with a console warning, and with it a
// worker's commands wait for Redis to come back rather than fail while it restarts.
import type { ConnectionOptions } from 'bullmq';

/** A shared client as it is; connection options with `maxRetriesPerRequest: null`. */
export function workerConnection(connection: ConnectionOptions): ConnectionOptions {
  if (connection === null || typeof connection !== 'object' || isClient(connection)) return connection;
  return { ...connection, maxRetriesPerRequest: null };
}

/** An ioredis (or other) client rather than options: something BullMQ duplicates. */
export function isClient(connection: ConnectionOptions): boolean {
  return typeof (connection as { duplicate?: unknown }).duplicate === 'function';
}
