import { JobwireError, WaitTimeoutError } from '@jobwire/core';
import { UsageError } from '../errors.js';
import { ExitCode, exitCodeForState } from '../exit-codes.js';
import { type Io, writeLine } from '../io.js';
import { createProgressBoard } from '../progress.js';
import { formatStatus, statusJson } from '../render.js';
import { resolveSettings, withEnvFile } from '../settings.js';
import { adapterFor, type VendorSession } from '../vendors/index.js';

/** Options every job command takes, besides the vendor's connection flags. */
export interface JobFlags extends Record<string, unknown> {
  envFile?: string;
  requestTimeout?: number;
  json?: boolean;
}

export interface WaitFlags extends JobFlags {
  timeout?: number;
  minDelay?: number;
  maxDelay?: number;
}

function openSession(vendor: string, flags: JobFlags, io: Io): VendorSession {
  const adapter = adapterFor(vendor);
  const settings = resolveSettings(adapter, flags, withEnvFile(io.env, flags.envFile));
  return adapter.connect(settings, { timeoutMs: flags.requestTimeout });
}

/** `jobwire status <vendor> <id>`: prints the job's status once. */
export async function statusCommand(vendor: string, id: string, flags: JobFlags, io: Io, signal?: AbortSignal) {
  const status = await openSession(vendor, flags, io).getJobStatus(id, { signal });
  writeLine(io.stdout, flags.json ? JSON.stringify(statusJson(status)) : formatStatus(status));
  return ExitCode.ok;
}

/** `jobwire wait <vendor> <id>`: polls until the job is done; the exit code says how it ended. */
export async function waitCommand(vendor: string, id: string, flags: WaitFlags, io: Io, signal?: AbortSignal) {
  const session = openSession(vendor, flags, io);
  const board = flags.json ? undefined : createProgressBoard(io);
  const progress = board?.row(`${vendor} ${id}`);
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
export async function cancelCommand(vendor: string, id: string, flags: JobFlags, io: Io, signal?: AbortSignal) {
  const session = openSession(vendor, flags, io);
  if (!session.cancelJob)
    throw new UsageError(`${vendor} cannot cancel jobs: ${adapterFor(vendor).cannotCancel ?? 'its API has no cancel'}`);
  const outcome = await session.cancelJob(id, { signal });
  writeLine(io.stdout, flags.json ? JSON.stringify({ vendor, id, cancelled: true, outcome }) : `${vendor} ${id}: ${outcome}`);
  return ExitCode.ok;
}

/** An error as scripts see it with `--json`: the error's own redacted JSON. */
export function errorJson(error: unknown): Record<string, unknown> {
  if (error instanceof JobwireError) return { error: error.toJSON() };
  return {
    error: {
      name: error instanceof Error ? error.name : 'Error',
      message: error instanceof Error ? error.message : String(error),
    },
  };
}
