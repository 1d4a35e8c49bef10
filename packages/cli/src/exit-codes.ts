// Imports no code from core: `--help` prints these, and a command that ends well needs nothing else.
// Which error ends with which code is in failure.ts, loaded only when a command fails.
import type { JobState } from '@jobwire/core';

/** The exit codes of `jobwire`, documented in `--help` and the README. */
export const ExitCode = {
  /** Done: the job succeeded, or the command did what was asked. */
  ok: 0,
  /** The job failed, or the server refused the request (unknown id, no permission, job not cancellable). */
  failed: 1,
  /** Usage, configuration, connection or authentication error: the server was not asked, or could not be reached. */
  usage: 2,
  /** The job was cancelled. */
  cancelled: 3,
  /** `wait` ran out of time before the job finished. */
  timedOut: 4,
} as const;
/** One of the exit codes of `jobwire` (see the `ExitCode` object). */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

export const exitCodesHelp = `Exit codes:
  0  succeeded (wait, watch --wait), or the command did what was asked
  1  the job failed, or the server refused the request (unknown id, no permission, not cancellable)
  2  usage, configuration, connection or authentication error
  3  the job was cancelled (wait, watch --wait)
  4  wait timed out before the job finished (watch --wait: the watch's --timeout passed)`;

/** The exit code for a job's final state, as `wait` reports it. */
export function exitCodeForState(state: JobState): ExitCode {
  switch (state) {
    case 'succeeded':
      return ExitCode.ok;
    case 'cancelled':
      return ExitCode.cancelled;
    default:
      return ExitCode.failed;
  }
}
