// Ids are encoded where they go: an id with `/`, `?`, `#`, `%`, spaces, markup, unicode or 2 KB of
// text is an unknown job — a typed error — and the requests it causes have the shape of a plain
// id's (same origin, path depth and query keys, no fragment): it cannot reach another resource.
import assert from 'node:assert/strict';
import { JobwireError } from '@jobwire/core';
import { assertJobwireError, describeError, rejectionOf } from './assertions.js';
import { type ContractGroup, SHORT_LIFE } from './case.js';
import type { SeenRequest } from './harness.js';

/** Ids that would escape a path segment, a query value or an XML text node if they were not encoded. */
export const AWKWARD_IDS: readonly string[] = [
  '../x',
  'a/b',
  '?x=1',
  '#h',
  '%2F',
  'a&b=c',
  ' spaced id ',
  '<a>&amp;</a>',
  'ünïcødé-任务-✓',
  `long-${'x'.repeat(2043)}`,
];

/** What a request looks like apart from the id in it: method, origin, path depth, query keys. */
function shape(request: SeenRequest): string {
  const keys = [...new Set(request.url.searchParams.keys())].sort();
  return `${request.method} ${request.url.origin} depth ${request.url.pathname.split('/').length} query [${keys.join(',')}]`;
}

/** Awkward ids. */
export const awkwardIds: ContractGroup = {
  title: 'awkward ids',
  simulator: SHORT_LIFE,
  cases: [
    {
      name: 'awkward-ids',
      title: 'getJobStatus of awkward ids rejects with a typed error and reaches nothing beyond the simulator',
      async run({ definition, options, connect, simulator, unknownJobId }) {
        const { session, requests } = connect();
        const origin = new URL(simulator.url).origin;
        // A plain unknown id first (twice: the first may log in): the shapes every request may have.
        const plain = await unknownJobId();
        for (let i = 0; i < 2; i++) {
          const error = await rejectionOf(session.getJobStatus(plain), `getJobStatus(${JSON.stringify(plain)})`);
          assertJobwireError(error, definition.id, `getJobStatus of the unknown job ${JSON.stringify(plain)}`);
        }
        assert.ok(
          requests.length > 0,
          'the session sent nothing through clientOptions.fetch: connect must pass the client options on',
        );
        const shapes = new Set(requests.map(shape));
        for (const id of AWKWARD_IDS) {
          const label = `getJobStatus(${JSON.stringify(id.length > 40 ? `${id.slice(0, 20)}…(${id.length} chars)` : id)})`;
          const sent = requests.length;
          const before = simulator.requestCount;
          const error = await rejectionOf(session.getJobStatus(id), label);
          const mine = requests.slice(sent);
          if (options.invalidIdError && error instanceof options.invalidIdError && !(error instanceof JobwireError)) {
            assert.equal(mine.length, 0, `${label}: refused with ${describeError(error)}, but only after sending a request`);
            continue;
          }
          assertJobwireError(error, definition.id, label);
          assert.equal(simulator.requestCount - before, mine.length, `${label}: requests sent ≠ requests the simulator saw`);
          for (const request of mine) {
            const where = `${label} sent ${request.method} ${request.url.href.slice(0, 200)}`;
            assert.equal(request.url.origin, origin, `${where}: not the simulator's origin`);
            assert.equal(request.url.hash, '', `${where}: the id became a fragment`);
            assert.ok(
              shapes.has(shape(request)),
              `${where}: ${shape(request)} is not the shape of a plain id's request (${[...shapes].join('; ')})`,
            );
          }
        }
      },
    },
  ],
};
