import type { StatusReader, VendorLimits, WatchWorker } from '@jobwire/bullmq';
import { createRedactor, type Logger } from '@jobwire/core';
import type { VendorSession } from '@jobwire/core/definition';
import { UsageError } from '../errors.js';
import { ExitCode } from '../exit-codes.js';
import { envName } from '../flags.js';
import { type Io, writeLine } from '../io.js';
import { connect, resolveSettings, secretValues, withEnvFile } from '../settings.js';
import { loadDefinition, type VendorPackage, vendorPackage } from '../vendors.js';
import { printable } from '../verbose.js';
import { clientOptions, type JobFlags } from './job.js';
import { loadWatchPackage, type RedisFlags, redisTarget } from './watch-redis.js';

/** Flags of `jobwire worker`. */
export interface WorkerFlags extends RedisFlags, JobFlags {
  /** Polls in flight at once per vendor in this process (text, checked here). */
  concurrency?: string;
  /** `<max>/<duration>`: at most max polls per duration per vendor, across every worker (text, checked here). */
  rate?: string;
}

/**
 * `jobwire worker [vendor…]`: polls the durable watches (`jobwire watch`, or `WatchQueue.watch()`
 * of @jobwire/bullmq) of the named vendors — by default every installed vendor whose URL variable
 * is set — until SIGINT or SIGTERM; then lets the polls in flight finish, ends the sessions and
 * exits 0. Each vendor's session is connected from its variables (and `--env-file`), as `jobwire
 * status` connects it. It prints a line when it starts and when it stops; `--verbose` adds each
 * request (and the worker's own debug lines) on stderr. Results go to the results queue, for the
 * user's own consumer (`createResultWorker`), or `jobwire watch --wait`.
 */
export async function workerCommand(
  vendors: readonly VendorPackage[],
  names: readonly string[],
  flags: WorkerFlags,
  io: Io,
  signal: AbortSignal,
) {
  const env = withEnvFile(io.env, flags.envFile);
  const target = redisTarget(flags, env);
  const limits = vendorLimits(flags);
  const chosen = chosenVendors(vendors, names, env);
  const { createWatchWorker } = await loadWatchPackage('worker');
  const definitions = await Promise.all(chosen.map(loadDefinition));
  const sessions = new Map<string, VendorSession>();
  const secrets = target.password === undefined ? [] : [target.password];
  try {
    for (const definition of definitions) {
      const settings = resolveSettings(definition, {}, env);
      secrets.push(...secretValues(definition, settings));
      sessions.set(definition.id, connect(definition, settings, clientOptions(definition, settings, flags, io)));
    }
    const ids = definitions.map((d) => d.id);
    let worker: WatchWorker;
    try {
      worker = createWatchWorker({
        connection: { url: target.url },
        prefix: target.prefix,
        sources: Object.fromEntries(sessions) as Record<string, StatusReader>,
        limits: Object.fromEntries(ids.map((id) => [id, limits])),
        logger: workerLogger(io, secrets, flags.verbose === true),
      });
    } catch (error) {
      // Options the package refuses before connecting (a limit it cannot take) are the user's to fix.
      if (error instanceof RangeError || error instanceof TypeError) throw new UsageError(error.message, { cause: error });
      throw error;
    }
    try {
      await Promise.race([worker.ready(), aborted(signal)]);
      if (!signal.aborted) {
        writeLine(io.stdout, `jobwire worker: polling the watches of ${ids.join(', ')} in ${target.shown}; stop with Ctrl-C`);
        await aborted(signal);
      }
      // BullMQ's close() has no timeout of its own (and waits for a Redis that is down): a second
      // signal ends the process at once, as the first one is handled only once (bin.ts).
      writeLine(io.stdout, 'jobwire worker: stopping, after the polls in flight (Ctrl-C again to stop at once)');
    } finally {
      await worker.close();
    }
    writeLine(io.stdout, 'jobwire worker: stopped');
    return ExitCode.ok;
  } finally {
    await Promise.all([...sessions.values()].map((session) => session.close?.().catch(() => undefined)));
  }
}

/**
 * The vendors named, or, when none is, every installed vendor whose URL variable is set
 * (`JOBWIRE_<VENDOR>_URL`, in the environment or `--env-file`): the ones this machine is configured
 * for. A vendor chosen so must then have the rest of its settings, as for any command.
 */
function chosenVendors(vendors: readonly VendorPackage[], names: readonly string[], env: NodeJS.ProcessEnv) {
  if (names.length > 0) return [...new Set(names)].map((name) => vendorPackage(vendors, name));
  const configured = vendors.filter((vendor) => env[envName(vendor.id, 'url')]);
  if (configured.length === 0) {
    const known = vendors.map((v) => envName(v.id, 'url')).join(', ') || 'none installed';
    throw new UsageError(`no vendor to poll: name them (jobwire worker <vendor>…) or set the URL of some (${known})`);
  }
  return configured;
}

/** `--concurrency` and `--rate`, for every vendor this worker polls. */
function vendorLimits(flags: WorkerFlags): VendorLimits {
  const limits: VendorLimits = {};
  if (flags.concurrency !== undefined) {
    const concurrency = Number(flags.concurrency);
    if (!Number.isInteger(concurrency) || concurrency < 1) {
      throw new UsageError(`--concurrency takes a whole number above 0, got ${JSON.stringify(flags.concurrency)}`);
    }
    limits.concurrency = concurrency;
  }
  if (flags.rate !== undefined) limits.rate = parseRate(flags.rate);
  return limits;
}

/** `20/1s` → at most 20 polls a second; `100/1m`; a bare number after the slash is milliseconds. */
export function parseRate(text: string): { max: number; durationMs: number } {
  const match = /^(\d+)\/(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text.trim());
  const unit = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[match?.[3] ?? 'ms'] ?? 1;
  const max = Number(match?.[1]);
  const durationMs = Number(match?.[2]) * unit;
  if (!match || !(max >= 1) || !(durationMs >= 1)) {
    throw new UsageError(`--rate takes <max>/<duration>, e.g. 20/1s or 100/1m, got ${JSON.stringify(text)}`);
  }
  return { max, durationMs };
}

/** Resolves when `signal` aborts (at once if it has). */
function aborted(signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

/**
 * The worker's own log lines on stderr: warnings always (a failed poll, Redis trouble), debug lines
 * (each poll) with `--verbose`. The package has redacted them; the sessions' secret settings are
 * scrubbed once more, and control characters made visible.
 */
function workerLogger(io: Io, secrets: readonly string[], verbose: boolean): Logger {
  const redactor = createRedactor(secrets);
  const line = (prefix: string, message: string, meta?: Record<string, unknown>) => {
    // The package logs an error as `{ name, message }` (a `WatchError`).
    const cause = meta?.error as { name?: unknown; message?: unknown } | string | undefined;
    const error =
      typeof cause === 'string'
        ? `: ${cause}`
        : typeof cause?.message === 'string'
          ? `: ${String(cause.name)}: ${cause.message}`
          : '';
    writeLine(io.stderr, printable(redactor.text(`${prefix}${message}${error}`)));
  };
  return {
    warn: (message, meta) => line('jobwire worker: ', message, meta),
    ...(verbose ? { debug: (message: string, meta?: Record<string, unknown>) => line('· ', message, meta) } : {}),
  };
}
