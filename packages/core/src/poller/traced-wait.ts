/**
 * A wait reported to the client's instrumentation: one wait scope (`startWait`) around the polls,
 * which run inside it (`run`: their calls are its children), an event per poll with its state and
 * the delay before the next one and why (`PollEvent.delayReason`), and the end with the final state
 * or the error. Loaded only by a client given an instrumentation (wait-for-job.ts).
 */
import type { Instrumentation } from '../instrumentation.js';
import type { JobSource, JobStatus } from '../status.js';
import { describeRef, type WaitOptions, waitForJob } from './wait-for-job.js';

/** `waitForJob` inside a wait scope of `instrumentation`. */
export async function tracedWait<Ref>(
  instrumentation: Instrumentation,
  source: JobSource<Ref>,
  ref: Ref,
  options: WaitOptions,
): Promise<JobStatus> {
  const scope = instrumentation.startWait({ vendor: source.vendor, jobId: describeRef(ref) });
  const { onPoll } = options;
  let status: JobStatus;
  try {
    status = await scope.run(() =>
      waitForJob(source, ref, {
        ...options,
        onPoll(event) {
          const read = event.error === undefined ? event.status : undefined;
          scope.poll({
            poll: event.poll,
            state: read?.state,
            vendorStatus: read?.vendorStatus,
            delayMs: event.nextDelayMs,
            reason: event.delayReason,
            error: event.error,
          });
          onPoll?.(event);
        },
      }),
    );
  } catch (error) {
    scope.end({ error });
    throw error;
  }
  scope.end({ state: status.state, vendorStatus: status.vendorStatus });
  return status;
}
