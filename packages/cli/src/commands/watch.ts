import type { WatchQueue, WatchResult } from '@jobwire/bullmq';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { type Io, writeLine } from '../io.js';
import { formatStatus } from '../render.js';
import { withEnvFile } from '../settings.js';
import type { VendorPackage } from '../vendors.js';
import {
  exitCodeForResult,
  loadWatchPackage,
  type RedisFlags,
  redisError,
  redisTarget,
  shortLivedConnection,
} from './watch-redis.js';

/** Flags of `jobwire watch`. */
export interface WatchFlags extends RedisFlags {
  envFile?: string;
  wait?: boolean;
  /** The watch's own deadline: the worker ends it as timed out (exit 4) once it has passed. */
  timeout?: number;
  minDelay?: number;
  maxDelay?: number;
  json?: boolean;
}

/** How often `--wait` looks for the result: a lookup is one small Redis read, and a person is waiting. */
const RESULT_CHECK_MS = 500;

/**
 * `jobwire watch <vendor> <id>`: adds a durable watch of the job (or finds the one there is) and
 * prints its id; any `jobwire worker` with the vendor polls it. With `--wait`, then waits for its
 * result and exits as `jobwire wait` would have.
 */
export async function watchCommand(vendor: VendorPackage, id: string, flags: WatchFlags, io: Io, signal?: AbortSignal) {
  const target = redisTarget(flags, withEnvFile(io.env, flags.envFile));
  const { createWatchQueue } = await loadWatchPackage('watch');
  const queue = createWatchQueue({ connection: shortLivedConnection(target), prefix: target.prefix });
  try {
    let watch: Awaited<ReturnType<WatchQueue['watch']>>;
    try {
      watch = await queue.watch(vendor.id, id, {
        timeoutMs: flags.timeout,
        minDelayMs: flags.minDelay,
        maxDelayMs: flags.maxDelay,
      });
    } catch (error) {
      // A schedule that would spin or never end, or an id that cannot be a ref: refused before anything is stored.
      if (error instanceof RangeError || error instanceof TypeError) throw new UsageError(error.message, { cause: error });
      throw redisError(error, target);
    }
    const said = watch.created ? 'new' : 'already watched';
    if (!flags.wait) {
      writeLine(io.stdout, flags.json ? JSON.stringify(watch) : `${watch.id} (${said})`);
      return ExitCode.ok;
    }
    // With --json, the result (which holds the id) is the one JSON object printed.
    if (!flags.json) writeLine(io.stdout, `${watch.id} (${said}; waiting for a worker to finish it)`);
    const result = await waitForResult(queue, vendor.id, id, signal).catch((error: unknown) => {
      throw signal?.aborted ? error : redisError(error, target);
    });
    printResult(result, flags, io);
    return exitCodeForResult(result);
  } finally {
    await queue.close().catch(() => undefined);
  }
}

/** Looks for the watch's result until there is one, or until `signal` aborts (rejecting with its reason). */
async function waitForResult(queue: WatchQueue, vendor: string, id: string, signal?: AbortSignal): Promise<WatchResult> {
  for (;;) {
    signal?.throwIfAborted();
    const result = await queue.result(vendor, id);
    if (result) return result;
    await pause(RESULT_CHECK_MS, signal);
  }
}

function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', abort);
    };
    const abort = () => {
      done();
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      done();
      resolve();
    }, ms);
    signal?.addEventListener('abort', abort, { once: true });
  });
}

/**
 * The result as `jobwire wait` shows its end: the final status; for a timeout, the last status seen
 * and the error on stderr; for an error, the error on stderr. `--json`: the whole `WatchResult`.
 */
function printResult(result: WatchResult, flags: WatchFlags, io: Io): void {
  if (flags.json) {
    writeLine(io.stdout, JSON.stringify(result));
    if (result.outcome !== 'done') writeLine(io.stderr, `jobwire: ${result.error.message}`);
    return;
  }
  // Statuses in a result carry no raw answer (`jobwire status` reads the job again with it).
  const last = result.outcome === 'done' ? result.status : result.lastStatus;
  if (last) writeLine(io.stdout, formatStatus({ ...last, raw: undefined }));
  if (result.outcome !== 'done') writeLine(io.stderr, `jobwire: ${result.error.message}`);
}
