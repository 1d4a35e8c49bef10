import { waitForJob } from '@jobwire/core';
import { activeResources, countingSource, leakedResources, pausedClock } from '@jobwire/testkit';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createTrueSightClient } from '../src/index.js';
import { startTrueSightSimulator } from '../src/simulator.js';

const OUTCOMES = ['succeeded', 'failed', 'cancelled'] as const;
const VENDOR_STATUS = { succeeded: 'COMPLETED', failed: 'COMPENSATED', cancelled: 'CANCELLED' } as const;

describe('waitForJob through seeded faults (TrueSight simulator)', () => {
  it('200 waits through 503s, drops, slow and truncated answers all end in the job’s true state, within the retry budget, leaking nothing', async () => {
    const before = activeResources();
    // Jobs start their lives together when the waits begin, so every wait polls through the faults.
    const clock = pausedClock();
    const sim = await startTrueSightSimulator({
      now: clock.now,
      queuedMs: 30,
      runningMs: 400,
      // The process name says how its job ends, so every waiter knows the true final state.
      outcome: ({ name }) => OUTCOMES[Number(name.slice(name.lastIndexOf('-') + 1)) % 3] ?? 'succeeded',
    });
    try {
      // Requests slower than 150 ms are given up and retried: the simulator's slow answers take 300.
      const client = createTrueSightClient({ baseUrl: sim.url, ...sim.credentials }, { timeoutMs: 150 });
      await client.getJob('log-in-first').catch(() => undefined);
      const starter = createTrueSightClient({ baseUrl: sim.url, ...sim.credentials });
      await starter.getJob('log-in-first').catch(() => undefined);
      const jobs = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => ({
          jobId: (await starter.executeProcess(`:Sim:Job-${i}`, { i: String(i) }, { mode: 'async' })).jobId,
          expected: VENDOR_STATUS[OUTCOMES[i % 3] ?? 'succeeded'],
        })),
      );
      const source = countingSource(client);
      const requestsBefore = sim.requestCount;
      clock.start();
      sim.setChaos({ seed: 13, rate: 0.3, slowMs: 300, retryAfterSeconds: 0 });
      const finals = await Promise.all(
        jobs.map((job) => waitForJob(source, job.jobId, { minDelayMs: 20, maxDelayMs: 80, timeoutMs: 20_000 })),
      );
      expect(finals.map((f) => f.vendorStatus)).toEqual(jobs.map((j) => j.expected));
      expect(finals.filter((f) => f.state === 'failed').every((f) => String(f.outputs['error message']).length > 0)).toBe(true);
      expect(sim.faultCount).toBeGreaterThan(50);
      // Budget: each poll is one request plus at most 2 retries (the token was had before the faults).
      const requests = sim.requestCount - requestsBefore;
      expect(requests).toBeLessThanOrEqual(3 * source.polls);
      console.info(
        `[reliability] truesight-orchestration: ${finals.length} waits, ${source.polls} polls, ${requests} requests, ${sim.faultCount} faults survived`,
      );
    } finally {
      await sim.close();
    }
    expect(await leakedResources(before)).toEqual({});
  }, 60_000);

  it('an execute whose connection drops is not sent again, unless the caller opted in', async () => {
    const sim = await startTrueSightSimulator();
    try {
      const client = createTrueSightClient({ baseUrl: sim.url, ...sim.credentials });
      const optedIn = createTrueSightClient(
        { baseUrl: sim.url, ...sim.credentials },
        { retryWrites: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 } },
      );
      // Log in first, so that the only request under chaos is the execute itself.
      await client.getJob('warm-up').catch(() => undefined);
      await optedIn.getJob('warm-up').catch(() => undefined);
      sim.setChaos({ seed: 1, rate: 1, kinds: ['drop'] });
      let before = sim.requestCount;
      await expect(client.executeProcess(':Sim:Once', {}, { mode: 'async' })).rejects.toBeInstanceOf(ConnectionError);
      expect(sim.requestCount - before).toBe(1);
      before = sim.requestCount;
      await expect(optedIn.executeProcess(':Sim:Thrice', {}, { mode: 'async' })).rejects.toBeInstanceOf(ConnectionError);
      expect(sim.requestCount - before).toBe(3);
    } finally {
      await sim.close();
    }
  });
});
