// A start is a write: the client never sends it twice on its own (a repeat may start two jobs).
// With every request answered 503, a warm session's startJob rejects with a typed error after
// exactly one request.
import assert from 'node:assert/strict';
import { assertJobwireError, rejectionOf } from './assertions.js';
import { type ContractGroup, SHORT_LIFE } from './case.js';

/** Writes are sent once. */
export const writesNotRepeated: ContractGroup = {
  title: 'writes',
  simulator: SHORT_LIFE,
  cases: [
    {
      name: 'writes-not-repeated',
      title: 'a start answered 503 rejects with a typed error after exactly one request (no retry of writes)',
      async run({ definition, connect, simulator, unknownJobId }) {
        const recorded = connect();
        // Warm the session first: a read makes any login or token request now, not during the start.
        await recorded.session.startJob(definition.start.demo);
        await recorded.session.getJobStatus(await unknownJobId()).catch(() => undefined);
        const before = simulator.requestCount;
        const sent = recorded.requests.length;
        simulator.setChaos({ seed: 1, rate: 1, kinds: ['unavailable'], retryAfterSeconds: 0 });
        let error: unknown;
        try {
          error = await rejectionOf(recorded.session.startJob(definition.start.demo), 'startJob answered 503');
        } finally {
          simulator.setChaos(undefined);
        }
        assertJobwireError(error, definition.id, 'startJob answered 503');
        const seen = simulator.requestCount - before;
        const requests = recorded.requests.slice(sent).map((request) => `${request.method} ${request.url.pathname}`);
        assert.equal(
          seen,
          1,
          `the simulator saw ${seen} requests for one start (${requests.join(', ') || 'none through the fetch'})`,
        );
      },
    },
  ],
};
