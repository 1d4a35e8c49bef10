// The status model end to end: a job started through the session reads back with the vendor's id,
// the id as given, a valid state and the server's own status text; a failed job reads as failed.
import assert from 'node:assert/strict';
import { assertStatus } from './assertions.js';
import { type ContractGroup, QUICK_POLLS, SHORT_LIFE, WAIT_GUARD_MS } from './case.js';

/** A started job's status, read back. */
export const statusRoundTrip: ContractGroup = {
  title: 'status round trip',
  simulator: SHORT_LIFE,
  cases: [
    {
      name: 'status-round-trip',
      title: 'a started job reads back: vendor, id as given, a valid state, done ⇔ terminal, the vendor status text',
      async run({ definition, connect }) {
        const { session } = connect();
        assert.equal(session.client.vendor, definition.id, "the session's client: vendor");
        const id = await session.startJob(definition.start.demo);
        assert.equal(typeof id, 'string', 'startJob resolves with the job id, a string');
        assert.notEqual(id, '', 'startJob resolves with a non-empty job id');
        const status = await session.getJobStatus(id);
        assertStatus(status, definition.id, id, 'getJobStatus of a started job');
      },
    },
  ],
};

/** A job the simulator fails. */
export const failedJob: ContractGroup = {
  title: 'failed jobs',
  simulator: { ...SHORT_LIFE, outcome: 'failed' },
  cases: [
    {
      name: 'failed-job',
      title: 'a job that fails ends failed, never succeeded',
      async run({ definition, connect }) {
        const { session } = connect();
        const id = await session.startJob(definition.start.demo);
        const final = await session.waitForJob(id, { ...QUICK_POLLS, timeoutMs: WAIT_GUARD_MS });
        assertStatus(final, definition.id, id, 'the final status of a failed job');
        assert.equal(final.state, 'failed', 'the final state of a job the simulator failed');
      },
    },
  ],
};
