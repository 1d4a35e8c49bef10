// What a client tells an instrumentation about its work, so that traces and metrics can be made of
// it without core depending on any tracing library: `@jobwire/opentelemetry` implements this
// contract on `@opentelemetry/api`. A client given no `instrumentation` composes none of the code
// that calls it (no per-call cost). Everything handed over is redacted already.
import type { JobState, VendorId } from './status.js';

/** The hooks a client calls: one scope per client call and per `waitForJob`. */
export interface Instrumentation {
  /**
   * A client call starts: one per request the client makes through its transport (named
   * `<vendor>.<operation>`, the operation being the public method's name). A token or login request
   * made for it is a call of its own, started inside this one's `run`.
   */
  startCall(call: CallInfo): CallScope;
  /** `waitForJob` starts. */
  startWait(wait: WaitInfo): WaitScope;
  /**
   * Whether anything would be recorded now (e.g. a tracer or a meter is registered). Asked before
   * each call and wait: when it answers false the client calls no hook for it, so an application
   * that registered nothing pays nothing. Absent: always.
   */
  active?(): boolean;
}

/** A client call, as it starts. */
export interface CallInfo {
  /** The vendor the client talks to. */
  vendor: VendorId;
  /** The public method's name (`getJobStatus`), as in errors and log lines. */
  operation: string;
  /** The HTTP method. */
  method: string;
  /** The URL, redacted. */
  url: string;
  /** The job the call is about, when the client knows it (status reads, cancels). */
  jobId?: string | undefined;
}

/** One client call in progress. */
export interface CallScope {
  /** Runs the call with this scope as the active context, so that what it starts inside (a login) is its child. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** An HTTP attempt starts: the first, each retry, and the resend after credentials were renewed. */
  startAttempt(attempt: AttemptInfo): AttemptScope;
  /** The call ended: with `error` when it failed (the error the caller gets). */
  end(error?: unknown): void;
}

/** One HTTP attempt, as it starts. */
export interface AttemptInfo {
  /** 1 for the first attempt of the call, 2 for the first retry… */
  attempt: number;
  /** How many times this request was sent before within the call (retries and resends): OpenTelemetry's `http.request.resend_count`. */
  resendCount: number;
  /** The HTTP method. */
  method: string;
  /** The URL, redacted. */
  url: string;
}

/** One HTTP attempt in progress. */
export interface AttemptScope {
  /**
   * Headers this attempt sends besides the client's own (`traceparent`), only when the application
   * asked the instrumentation to propagate context; undefined otherwise.
   */
  headers(): Record<string, string> | undefined;
  /** The attempt ended: the answer's status (any status), or the error that ended it without one. */
  end(outcome: AttemptOutcome): void;
}

/** How an attempt ended. */
export interface AttemptOutcome {
  /** The answer's HTTP status, when there was an answer. */
  status?: number | undefined;
  /** The error the attempt ended with (an answer mapped to an error, a network failure, a timeout). */
  error?: unknown;
  /** The answer's request id (`ApiError.requestId`), when it carried one. */
  requestId?: string | undefined;
}

/** A wait, as it starts. */
export interface WaitInfo {
  /** The vendor the client talks to. */
  vendor: VendorId;
  /** The job waited for: its id, or `name value` pairs of a reference object (Aspera's `workOrderId 42`). */
  jobId: string;
}

/** One `waitForJob` in progress. */
export interface WaitScope {
  /** Runs the wait with this scope as the active context, so that its polls' calls are its children. */
  run<T>(fn: () => Promise<T>): Promise<T>;
  /** A poll ended (see `WaitPoll`). */
  poll(event: WaitPoll): void;
  /** The wait ended: the final state when it has one, the error otherwise. */
  end(outcome: { state?: JobState | undefined; vendorStatus?: string | undefined; error?: unknown }): void;
}

/** One poll of a wait, for the wait's span event. */
export interface WaitPoll {
  /** 1 for the first poll. */
  poll: number;
  /** The state it read, or undefined when the poll failed. */
  state: JobState | undefined;
  /** The vendor's own status, when read. */
  vendorStatus: string | undefined;
  /** Milliseconds until the next poll; undefined when this poll ended the wait. */
  delayMs: number | undefined;
  /**
   * Why that delay: `schedule` (the backoff between minDelayMs and maxDelayMs), `retry-after` (the
   * server asked), `error` (backing off after a failed poll), `deadline` (cut to the wait's timeout).
   */
  reason: 'schedule' | 'retry-after' | 'error' | 'deadline' | undefined;
  /** The error of a failed poll that the wait rides out. */
  error?: unknown;
}
