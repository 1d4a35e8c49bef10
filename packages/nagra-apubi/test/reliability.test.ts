import { waitForJob } from '@jobwire/core';
import { activeResources, countingSource, leakedResources, pausedClock } from '@jobwire/testkit';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createNagraApubiClient } from '../src/index.js';
import { startNagraApubiSimulator } from '../src/simulator.js';

const OUTCOMES = ['succeeded', 'failed'] as const;
// APUBI has no cancel: the simulator reports a cancelled outcome as FAILED, so two outcomes suffice.
const VENDOR_STATUS = { succeeded: 'SUCCESS', failed: 'FAILED' } as const;

describe('waitForJob through seeded faults (APUBI simulator)', () => {
  it('200 waits through 503s, drops, slow and truncated answers all end in the task’s true state, within the retry budget, leaking nothing', async () => {
    const before = activeResources();
    // Jobs start their lives together when the waits begin, so every wait polls through the faults.
    const clock = pausedClock();
    const sim = await startNagraApubiSimulator({
      now: clock.now,
      queuedMs: 30,
      runningMs: 400,
      // The destination says how its task ends, so every waiter knows the true final state.
      outcome: ({ name }) => OUTCOMES[Number(/asset-(\d+)/.exec(name)?.[1]) % 2] ?? 'succeeded',
    });
    try {
      // Requests slower than 150 ms are given up and retried: the simulator's slow answers take 300.
      const client = createNagraApubiClient({ endpoint: sim.url, ...sim.credentials }, { timeoutMs: 150 });
      const starter = createNagraApubiClient({ endpoint: sim.url, ...sim.credentials });
      const tasks = await Promise.all(
        Array.from({ length: 200 }, async (_, i) => {
          const { taskId } = await starter.loadAsset({
            sourceAssetUrl: `ftp://in.example.com/asset-${i}.mxf`,
            destinationAsset: `/out/asset-${i}.mxf`,
            metadata: '',
          });
          return { taskId, expected: VENDOR_STATUS[OUTCOMES[i % 2] ?? 'succeeded'] };
        }),
      );
      const source = countingSource(client);
      const requestsBefore = sim.requestCount;
      clock.start();
      sim.setChaos({ seed: 17, rate: 0.3, slowMs: 300, retryAfterSeconds: 0 });
      const finals = await Promise.all(
        tasks.map((task) => waitForJob(source, task.taskId, { minDelayMs: 20, maxDelayMs: 80, timeoutMs: 20_000 })),
      );
      expect(finals.map((f) => f.vendorStatus)).toEqual(tasks.map((t) => t.expected));
      expect(sim.faultCount).toBeGreaterThan(50);
      // Budget: each poll is one request plus at most 2 retries.
      const requests = sim.requestCount - requestsBefore;
      expect(requests).toBeLessThanOrEqual(3 * source.polls);
      console.info(
        `[reliability] nagra-apubi: ${finals.length} waits, ${source.polls} polls, ${requests} requests, ${sim.faultCount} faults survived`,
      );
    } finally {
      await sim.close();
    }
    expect(await leakedResources(before)).toEqual({});
  }, 60_000);

  it('a LoadAsset whose connection drops is not sent again, unless the caller opted in', async () => {
    const sim = await startNagraApubiSimulator();
    try {
      const input = { sourceAssetUrl: 'ftp://in.example.com/a.mxf', destinationAsset: '/out/a.mxf', metadata: '' };
      const client = createNagraApubiClient({ endpoint: sim.url, ...sim.credentials });
      const optedIn = createNagraApubiClient(
        { endpoint: sim.url, ...sim.credentials },
        { retryWrites: { retries: 2, baseDelayMs: 1, maxDelayMs: 1 } },
      );
      sim.setChaos({ seed: 1, rate: 1, kinds: ['drop'] });
      let before = sim.requestCount;
      await expect(client.loadAsset(input)).rejects.toBeInstanceOf(ConnectionError);
      expect(sim.requestCount - before).toBe(1);
      before = sim.requestCount;
      await expect(optedIn.loadAsset(input)).rejects.toBeInstanceOf(ConnectionError);
      expect(sim.requestCount - before).toBe(3);
    } finally {
      await sim.close();
    }
  });
});
