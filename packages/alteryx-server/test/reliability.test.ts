import { waitForJob } from '@jobwire/core';
import { activeResources, countingSource, leakedResources, pausedClock } from '@jobwire/testkit';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createAlteryxServerClient } from '../src/index.js';
import { startAlteryxSimulator } from '../src/simulator.js';

describe('waitForJob through seeded faults (Alteryx simulator)', () => {
  it('200 waits through 503s, drops, slow and truncated answers all end in the job’s true state, within the retry budget, leaking nothing', async () => {
    const outcomes = ['succeeded', 'failed', 'cancelled'] as const;
    const resources = activeResources();
    // Jobs start their lives together when the waits begin, so every wait polls through the faults.
    const clock = pausedClock();
    const sim = await startAlteryxSimulator({
      now: clock.now,
      queuedMs: 30,
      runningMs: 400,
      // The workflow name says how its job ends, so every waiter knows the true final state.
      outcome: ({ name }) => outcomes[Number(name.slice(3)) % 3] ?? 'succeeded',
    });
    try {
      const starter = createAlteryxServerClient({ baseUrl: sim.url, ...sim.credentials });
      const jobs = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => ({
          expected: outcomes[i % 3],
          id: (await starter.runWorkflow(`wf-${i}`)).id,
        })),
      );
      // Requests slower than 150 ms are given up and retried: the simulator's slow answers take 300.
      const client = createAlteryxServerClient({ baseUrl: sim.url, ...sim.credentials }, { timeoutMs: 150 });
      // Its token first, so that every request under chaos is a poll (or a retry of one).
      await client.getJob(jobs[0]?.id ?? '');
      const source = countingSource(client);
      const before = sim.requestCount;
      clock.start();
      sim.setChaos({ seed: 7, rate: 0.3, slowMs: 300, retryAfterSeconds: 0 });
      const finals = await Promise.all(
        jobs.map((job) => waitForJob(source, job.id, { minDelayMs: 20, maxDelayMs: 80, timeoutMs: 20_000 })),
      );
      expect(finals.map((f) => f.state)).toEqual(jobs.map((j) => j.expected));
      expect(sim.faultCount).toBeGreaterThan(50);
      // Budget: each poll is one request plus at most 2 retries.
      const requests = sim.requestCount - before;
      expect(requests).toBeLessThanOrEqual(3 * source.polls);
      console.info(
        `[reliability] alteryx-server: ${finals.length} waits, ${source.polls} polls, ${requests} requests, ${sim.faultCount} faults survived`,
      );
    } finally {
      await sim.close();
    }
    expect(await leakedResources(resources)).toEqual({});
  }, 60_000);

  it('a run whose connection drops is not sent again', async () => {
    const sim = await startAlteryxSimulator();
    try {
      const client = createAlteryxServerClient({ baseUrl: sim.url, ...sim.credentials });
      await client.getJobStatus('warm-up-token').catch(() => undefined);
      sim.setChaos({ seed: 1, rate: 1, kinds: ['drop'] });
      const before = sim.requestCount;
      await expect(client.runWorkflow('wf-1')).rejects.toBeInstanceOf(ConnectionError);
      expect(sim.requestCount - before).toBe(1);
    } finally {
      await sim.close();
    }
  });
});
