// One call, aborted by its caller while the server has not answered: it rejects with the signal's
// reason itself, at once (not when the client's own timeout runs out), and closes its connection.
import assert from 'node:assert/strict';
import { describeError } from './assertions.js';
import { type ContractGroup, SHORT_LIFE } from './case.js';
import { settingsOn, startLoopbackServer } from './loopback-server.js';

/** How long the abort may take to reject the call and close the connection: far below the client's timeouts. */
const ABORT_GUARD_MS = 5_000;
/** The client's own timeouts in this case: far above the guard, so only the abort can end the call. */
const CLIENT_TIMEOUT_MS = 600_000;

/** Resolves with `onTimeout()` after `ms` unless `promise` settles first (the timer is always cleared). */
async function within<T>(promise: Promise<T>, ms: number, onTimeout: () => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([promise, new Promise<T>((resolve) => (timer = setTimeout(() => resolve(onTimeout()), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** How the call ended within the guard, if it did. */
type Outcome = { settled: 'resolved'; value: unknown } | { settled: 'rejected'; error: unknown } | { settled: 'pending' };

/** A call aborted mid-request. */
export const callAbort: ContractGroup = {
  title: 'a call aborted mid-request',
  simulator: SHORT_LIFE,
  cases: [
    {
      name: 'call-abort',
      title:
        "getJobStatus against a server that never answers, aborted, rejects with the signal's reason and closes its connection",
      async run({ settings, connect, unknownJobId }) {
        const id = await unknownJobId();
        const controller = new AbortController();
        const reason = new Error('contract: the caller aborted mid-request');
        // The server never answers: it aborts the call once the request has reached it.
        const server = await startLoopbackServer(() => controller.abort(reason));
        try {
          const { session } = connect(settingsOn(settings, server.origin), {
            timeoutMs: CLIENT_TIMEOUT_MS,
            callTimeoutMs: CLIENT_TIMEOUT_MS,
          });
          const pending = session.getJobStatus(id, { signal: controller.signal }).then(
            (value): Outcome => ({ settled: 'resolved', value }),
            (error: unknown): Outcome => ({ settled: 'rejected', error }),
          );
          const outcome = await within<Outcome>(pending, ABORT_GUARD_MS, () => ({ settled: 'pending' }));
          assert.ok(server.requestCount > 0, 'the session sent no request to the server it was given (settings.url)');
          assert.notEqual(
            outcome.settled,
            'pending',
            `getJobStatus was still pending ${ABORT_GUARD_MS} ms after its signal aborted: the signal must reach the request`,
          );
          assert.equal(outcome.settled, 'rejected', 'getJobStatus resolved after its signal aborted');
          const error = outcome.settled === 'rejected' ? outcome.error : undefined;
          assert.equal(error, reason, `getJobStatus must reject with the signal's reason itself, got ${describeError(error)}`);
          const closed = await within(
            server.allClosed().then(() => true),
            ABORT_GUARD_MS,
            () => false,
          );
          assert.ok(
            closed,
            `the server still holds ${server.openConnections} open connection(s) ${ABORT_GUARD_MS} ms after the abort`,
          );
        } finally {
          await server.close();
        }
      },
    },
  ],
};
