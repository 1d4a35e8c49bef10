// Cancel, where the vendor documents one: a running (or, per `cancelPhase`, queued) job, once
// cancelled, ends cancelled (or in the vendor's documented state). Where it does not, the session has no cancelJob and the definition says why.
import assert from 'node:assert/strict';
import { assertStatus } from './assertions.js';
import { type ContractGroup, ENDLESS_LIFE, QUICK_POLLS, WAIT_GUARD_MS } from './case.js';

/** Cancelling jobs. */
export const cancelJobs: ContractGroup = {
  title: 'cancel',
  // The job stays in the phase it is cancelled in for an hour.
  simulator: (options) => (options.cancelPhase === 'queued' ? { ...ENDLESS_LIFE, queuedMs: 3_600_000 } : ENDLESS_LIFE),
  cases: [
    {
      name: 'cancel',
      title: 'a running (or queued) job, cancelled, ends cancelled (or, without cancel, the definition says why)',
      async run({ definition, options, connect }) {
        const { session } = connect();
        if (!definition.capabilities.cancel) {
          assert.equal(session.cancelJob, undefined, 'capabilities.cancel is false, yet the session has cancelJob');
          assert.ok(
            typeof definition.cannotCancel === 'string' && definition.cannotCancel.trim() !== '',
            'capabilities.cancel is false: cannotCancel must say why',
          );
          return;
        }
        assert.equal(typeof session.cancelJob, 'function', 'capabilities.cancel is true, yet the session has no cancelJob');
        const id = await session.startJob(definition.start.demo);
        const before = await session.getJobStatus(id);
        assertStatus(before, definition.id, id, 'the job before the cancel');
        assert.equal(before.state, options.cancelPhase ?? 'running', 'the state of the job to cancel');
        const said = await session.cancelJob?.(id);
        assert.equal(typeof said, 'string', 'cancelJob resolves with a line saying what the server did');
        assert.notEqual(said?.trim(), '', 'cancelJob resolves with a line saying what the server did, not an empty one');
        const final = await session.waitForJob(id, { ...QUICK_POLLS, timeoutMs: WAIT_GUARD_MS });
        assertStatus(final, definition.id, id, 'the job after the cancel');
        assert.equal(final.state, options.cancelledState ?? 'cancelled', 'the final state of a cancelled job');
      },
    },
  ],
};
