import { type ClientOptions, type Instrumentation, WaitTimeoutError } from '@jobwire/core';
import type { Settings, VendorDefinition, VendorSession } from '@jobwire/core/definition';
import { UsageError } from '../errors.js';
import { ExitCode, exitCodeForState } from '../exit-codes.js';
import { type Io, writeLine } from '../io.js';
import { formatStatus, statusJson } from '../render.js';
import { connect, resolveSettings, secretValues, withEnvFile } from '../settings.js';
import { cliInstrumentation, flushTelemetry } from '../telemetry.js';
import { verboseLogger } from '../verbose.js';

/** Options every job command takes, besides the vendor's connection flags. */
export interface JobFlags extends Record<string, unknown> {
  envFile?: string;
  requestTimeout?: number;
  json?: boolean;
  /** Each request, answer and retry on stderr. */
  verbose?: boolean;
}

export interface WaitFlags extends JobFlags {
  timeout?: number;
  minDelay?: number;
  maxDelay?: number;
}

/**
 * The client options a command's flags ask for: the request timeout, with `--verbose` a logger
 * writing each exchange and retry to stderr, and the OTLP tracing `cliInstrumentation()` gave when
 * OTEL_EXPORTER_OTLP_ENDPOINT is set. (Imported with the commands, not lazily: a chunk of its own
 * would split the chunks `--help` loads into one more file, for a few hundred bytes saved.)
 */
export function clientOptions(
  definition: VendorDefinition,
  settings: Settings,
  flags: JobFlags,
  io: Io,
  instrumentation?: Instrumentation,
): ClientOptions {
  const traced = instrumentation ? { instrumentation } : {};
  if (!flags.verbose) return { timeoutMs: flags.requestTimeout, ...traced };
  return { timeoutMs: flags.requestTimeout, logger: verboseLogger(io, secretValues(definition, settings)), ...traced };
}

/** A session from the vendor's flags and environment (and `--env-file`), traced when the environment asks. */
export async function openSession(definition: VendorDefinition, flags: JobFlags, io: Io): Promise<VendorSession> {
  const settings = resolveSettings(definition, flags, withEnvFile(io.env, flags.envFile));
  return connect(definition, settings, clientOptions(definition, settings, flags, io, await cliInstrumentation(io)));
}

/**
 * Runs a command on a session, then ends the session (logout) whatever happened, and sends the
 * traces of it all (the logout's included) when tracing is on.
 */
export async function withSession<T>(
  session: VendorSession | Promise<VendorSession>,
  work: (session: VendorSession) => Promise<T>,
): Promise<T> {
  const opened = await session;
  try {
    return await work(opened);
  } finally {
    await opened.close?.().catch(() => undefined);
    await flushTelemetry();
  }
}

/** `jobwire status <vendor> <id>`: prints the job's status once. */
export async function statusCommand(definition: VendorDefinition, id: string, flags: JobFlags, io: Io, signal?: AbortSignal) {
  const status = await withSession(openSession(definition, flags, io), (session) => session.getJobStatus(id, { signal }));
  writeLine(io.stdout, flags.json ? JSON.stringify(statusJson(status)) : formatStatus(status));
  return ExitCode.ok;
}

/** `jobwire wait <vendor> <id>`: polls until the job is done; the exit code says how it ended. */
export async function waitCommand(definition: VendorDefinition, id: string, flags: WaitFlags, io: Io, signal?: AbortSignal) {
  return withSession(openSession(definition, flags, io), (session) => waitForJob(session, definition, id, flags, io, signal));
}

/** The wait of `wait` and `start --wait`: progress while it lasts, then the final status and its exit code. */
export async function waitForJob(
  session: VendorSession,
  definition: VendorDefinition,
  id: string,
  flags: WaitFlags,
  io: Io,
  signal?: AbortSignal,
) {
  // The progress board (and log-update under it) is loaded only by the commands that wait. With
  // --verbose it prints plain lines: a live board redrawn in place would be torn by the lines on stderr.
  const board = flags.json ? undefined : (await import('../progress.js')).createProgressBoard(io, { plain: flags.verbose });
  const progress = board?.row(`${definition.id} ${id}`);
  try {
    const status = await session.waitForJob(id, {
      signal,
      timeoutMs: flags.timeout,
      minDelayMs: flags.minDelay,
      maxDelayMs: flags.maxDelay,
      onPoll: progress,
    });
    board?.stop();
    writeLine(io.stdout, flags.json ? JSON.stringify(statusJson(status)) : formatStatus(status));
    return exitCodeForState(status.state);
  } catch (error) {
    board?.stop();
    // A timeout still knows where the job was: show it, as the last thing the user saw.
    if (error instanceof WaitTimeoutError && error.lastStatus && !flags.json) {
      writeLine(io.stdout, formatStatus(error.lastStatus));
    }
    throw error;
  }
}

/** `jobwire cancel <vendor> <id>`: asks the server to cancel and says what it did. */
export async function cancelCommand(definition: VendorDefinition, id: string, flags: JobFlags, io: Io, signal?: AbortSignal) {
  const vendor = definition.id;
  // Said before connecting: a vendor without a cancel call needs no server to say so.
  if (!definition.capabilities.cancel) {
    throw new UsageError(`${vendor} cannot cancel jobs: ${definition.cannotCancel ?? 'its API has no cancel'}`);
  }
  const outcome = await withSession(openSession(definition, flags, io), (session) => {
    if (!session.cancelJob)
      throw new UsageError(`${vendor} cannot cancel jobs: ${definition.cannotCancel ?? 'its API has no cancel'}`);
    return session.cancelJob(id, { signal });
  });
  writeLine(io.stdout, flags.json ? JSON.stringify({ vendor, id, cancelled: true, outcome }) : `${vendor} ${id}: ${outcome}`);
  return ExitCode.ok;
}
