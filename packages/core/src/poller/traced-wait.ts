/**
 * A wait reported to the client's instrumentation: one wait scope (`startWait`) around the polls,
 * which run inside it (`run`: their calls are its children), an event per poll with its state and
 * the delay before the next one and why (`PollEvent.delayReason`), and the end with the final state
 * or the error. Loaded only by a client given an instrumentation (http/tracing.ts), which hands over
 * `waitForJob` itself: a lazy chunk that imported what the up-front code imports would split that
 * out of every client's bundle into a file of its own (bench/size.mjs gzips each file apart).
 */
import type { Instrumentation } from '../instrumentation.js';
import type { JobSource, JobStatus } from '../status.js';
import type { WaitOptions, waitForJob } from './wait-for-job.js';

/** `waitForJob` inside a wait scope of `instrumentation`. */
export async function tracedWait<Ref>(
  instrumentation: Instrumentation,
  source: JobSource<Ref>,
  ref: Ref,
  options: WaitOptions,
  wait: typeof waitForJob,
  jobId: string,
): Promise<JobStatus> {
  const scope = instrumentation.startWait({ vendor: source.vendor, jobId });
  const { onPoll } = options;
  let status: JobStatus;
  try {
    status = await scope.run(() =>
      wait(source, ref, {
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
