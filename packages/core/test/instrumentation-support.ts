/**
 * A recording `Instrumentation` for tests: every hook call lands in `events`, in order, with the
 * scope it belongs to; `run` keeps the active scope in an AsyncLocalStorage, so a call started
 * inside another's `run` records that one as its parent (as a tracing library's context would).
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { AttemptOutcome, CallInfo, Instrumentation, WaitPoll } from '../src/index.js';

/** One hook call. */
export type Recorded =
  | { kind: 'startCall'; id: number; parent: number | undefined; info: CallInfo }
  | { kind: 'endCall'; id: number; error: unknown }
  | { kind: 'startAttempt'; call: number; attempt: number; resendCount: number; method: string; url: string }
  | { kind: 'endAttempt'; call: number; outcome: AttemptOutcome }
  | { kind: 'startWait'; id: number; vendor: string; jobId: string }
  | { kind: 'poll'; wait: number; event: WaitPoll }
  | { kind: 'endWait'; wait: number; outcome: { state?: unknown; vendorStatus?: string | undefined; error?: unknown } };

export interface RecordingInstrumentation extends Instrumentation {
  events: Recorded[];
}

/** A recording instrumentation; `headers` is what each attempt's `headers()` returns. */
export function recordingInstrumentation(headers?: () => Record<string, string> | undefined): RecordingInstrumentation {
  const events: Recorded[] = [];
  const active = new AsyncLocalStorage<number>();
  let ids = 0;
  return {
    events,
    startCall(info) {
      const id = ++ids;
      events.push({ kind: 'startCall', id, parent: active.getStore(), info });
      return {
        run: (fn) => active.run(id, fn),
        startAttempt(attempt) {
          events.push({ kind: 'startAttempt', call: id, ...attempt });
          return {
            headers: () => headers?.(),
            end: (outcome) => events.push({ kind: 'endAttempt', call: id, outcome }),
          };
        },
        end: (error) => events.push({ kind: 'endCall', id, error }),
      };
    },
    startWait(info) {
      const id = ++ids;
      events.push({ kind: 'startWait', id, vendor: info.vendor, jobId: info.jobId });
      return {
        run: (fn) => active.run(id, fn),
        poll: (event) => events.push({ kind: 'poll', wait: id, event }),
        end: (outcome) => events.push({ kind: 'endWait', wait: id, outcome }),
      };
    },
  };
}
