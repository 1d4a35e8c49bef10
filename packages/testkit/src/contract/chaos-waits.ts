// Under seeded chaos of every kind (503s, dropped connections, slow and truncated answers), reads
// and waits end in a status or a typed JobwireError — never a TypeError — and the session still
// works once the chaos stops.
import assert from 'node:assert/strict';
import type { JobStatus } from '@jobwire/core';
import { assertJobwireError, assertStatus, describeError } from './assertions.js';
import { type ContractGroup, QUICK_POLLS, SHORT_LIFE } from './case.js';

const SEEDS = [1, 2, 3];
/** Reads without retries per seed. */
const READS = 8;

/** Waits through chaos. */
export const chaosWaits: ContractGroup = {
  title: 'chaos',
  simulator: SHORT_LIFE,
  cases: [
    {
      name: 'chaos-waits',
      title: 'under seeded chaos of every kind, waits end in a terminal status or a typed JobwireError',
      async run({ definition, connect, simulator }) {
        // A short request timeout, so slow answers become TimeoutErrors, and quick retries.
        const { session } = connect(undefined, { timeoutMs: 300, retry: { baseDelayMs: 10, maxDelayMs: 50 } });
        // And reads without retries, so that faults reach the caller (waits mostly absorb them).
        const bare = connect(undefined, { timeoutMs: 300, retry: false }).session;
        let rejected = 0;
        const faults = simulator.faultCount;
        const outcomes: string[] = [];
        let lastId = '';
        for (const seed of SEEDS) {
          const ids = [await session.startJob(definition.start.demo), await session.startJob(definition.start.demo)];
          lastId = ids[1] ?? lastId;
          simulator.setChaos({ seed, rate: 0.25, slowMs: 600, retryAfterSeconds: 0 });
          try {
            const settled = await Promise.allSettled(
              ids.map((id) => session.waitForJob(id, { ...QUICK_POLLS, timeoutMs: 15_000 })),
            );
            for (let read = 0; read < READS; read++) {
              const id = ids[read % ids.length] ?? '';
              settled.push(
                await Promise.allSettled([bare.getJobStatus(id)]).then(([result]) => result as (typeof settled)[number]),
              );
            }
            settled.forEach((result, i) => {
              const id = ids[i % ids.length] ?? '';
              const what = `seed ${seed}: ${i < ids.length ? 'waitForJob' : 'getJobStatus without retries'}(${id})`;
              if (result.status === 'fulfilled') {
                assertStatus(result.value as JobStatus, definition.id, id, what);
                if (i < ids.length)
                  assert.equal((result.value as JobStatus).done, true, `${what} resolved with a status not done`);
                outcomes.push(`${what} → ${(result.value as JobStatus).state}`);
              } else {
                rejected++;
                assertJobwireError(result.reason, definition.id, `${what} rejected with ${describeError(result.reason)}`);
                outcomes.push(`${what} → ${describeError(result.reason)}`);
              }
            });
          } finally {
            simulator.setChaos(undefined);
          }
        }
        assert.ok(simulator.faultCount > faults, `the simulator injected no fault (${outcomes.join('; ')})`);
        assert.ok(rejected > 0, `no fault reached the caller, so no error was checked (${outcomes.join('; ')})`);
        // Nothing poisoned (a cached failed login, a broken connection pool): the next read works.
        assertStatus(await session.getJobStatus(lastId), definition.id, lastId, 'getJobStatus once the chaos stopped');
      },
    },
  ],
};
