// `waitForJob` through the session: it ends with the terminal status, survives transient errors,
// and otherwise rejects only with the caller's abort reason or a `WaitTimeoutError` carrying the
// last status it saw.
import assert from 'node:assert/strict';
import { WaitTimeoutError } from '@jobwire/core';
import { assertJobwireError, assertStatus, describeError, rejectionOf } from './assertions.js';
import { type ContractGroup, ENDLESS_LIFE, QUICK_POLLS, SHORT_LIFE, WAIT_GUARD_MS } from './case.js';

/** Waits on jobs that end. */
export const waitForJobs: ContractGroup = {
  title: 'waitForJob',
  simulator: SHORT_LIFE,
  cases: [
    {
      name: 'wait-terminal',
      title: 'resolves with the terminal status of the job',
      async run({ definition, connect }) {
        const { session } = connect();
        const id = await session.startJob(definition.start.demo);
        const seen: string[] = [];
        const final = await session.waitForJob(id, {
          ...QUICK_POLLS,
          timeoutMs: WAIT_GUARD_MS,
          onProgress: (status) => seen.push(status.state),
        });
        assertStatus(final, definition.id, id, 'the status waitForJob resolved with');
        assert.equal(final.done, true, 'waitForJob resolves only with a terminal status');
        assert.equal(final.state, 'succeeded', 'the final state of a job the simulator runs to success');
        assert.ok(seen.length > 0, 'onProgress was never called');
        assert.equal(seen.at(-1), final.state, 'onProgress saw the final state last');
      },
    },
    {
      name: 'wait-transient-errors',
      title: "survives transient errors (503s from the simulator's chaos)",
      async run({ definition, connect, simulator }) {
        const { session } = connect();
        const id = await session.startJob(definition.start.demo);
        const faults = simulator.faultCount;
        // Seed 19 faults the very first request; Retry-After 0 keeps the case quick.
        simulator.setChaos({ seed: 19, rate: 0.5, kinds: ['unavailable'], retryAfterSeconds: 0 });
        let final: Awaited<ReturnType<typeof session.waitForJob>>;
        try {
          final = await session.waitForJob(id, { ...QUICK_POLLS, timeoutMs: WAIT_GUARD_MS }).catch((error: unknown) => {
            assert.fail(`waitForJob gave up on transient errors: ${describeError(error)}`);
          });
        } finally {
          simulator.setChaos(undefined);
        }
        assert.ok(simulator.faultCount > faults, 'the simulator injected no fault: nothing was survived');
        assertStatus(final, definition.id, id, 'the status waitForJob resolved with through 503s');
        assert.equal(final.done, true, 'waitForJob resolves only with a terminal status');
      },
    },
  ],
};

/** Waits on jobs that do not end by themselves. */
export const waitForEndlessJobs: ContractGroup = {
  title: 'waitForJob on a job that does not end',
  simulator: ENDLESS_LIFE,
  cases: [
    {
      name: 'wait-abort',
      title: "a caller's abort rejects with the signal's reason",
      async run({ definition, connect }) {
        const { session } = connect();
        const id = await session.startJob(definition.start.demo);
        const controller = new AbortController();
        const reason = new Error('contract: the caller aborted');
        const error = await rejectionOf(
          session.waitForJob(id, {
            ...QUICK_POLLS,
            timeoutMs: WAIT_GUARD_MS,
            signal: controller.signal,
            onProgress: () => controller.abort(reason),
          }),
          'waitForJob after an abort',
        );
        assert.equal(error, reason, `waitForJob must reject with the signal's reason itself, got ${describeError(error)}`);
      },
    },
    {
      name: 'wait-timeout',
      title: 'a too-short timeoutMs rejects with WaitTimeoutError carrying the last status',
      async run({ definition, connect }) {
        const { session } = connect();
        const id = await session.startJob(definition.start.demo);
        const guard = AbortSignal.timeout(WAIT_GUARD_MS);
        const error = await rejectionOf(
          session.waitForJob(id, { ...QUICK_POLLS, timeoutMs: 300, signal: guard }),
          'waitForJob past its timeout',
        );
        assertJobwireError(error, definition.id, 'waitForJob past its timeout', WaitTimeoutError);
        assert.ok(error instanceof WaitTimeoutError);
        assert.equal(error.timeoutMs, 300, "the error's timeoutMs");
        assert.ok(error.lastStatus !== undefined, 'the WaitTimeoutError carries no lastStatus');
        assertStatus(error.lastStatus, definition.id, id, "the WaitTimeoutError's lastStatus");
        assert.equal(error.lastStatus.done, false, 'the last status of a job still running is not done');
      },
    },
  ],
};
