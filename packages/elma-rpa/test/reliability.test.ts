import { waitForJob } from '@jobwire/core';
import { activeResources, countingSource, leakedResources, pausedClock } from '@jobwire/testkit';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createElmaRpaClient } from '../src/index.js';
import { startElmaRpaSimulator } from '../src/simulator.js';

const PROCESS = 'c39f99de-cb8f-4661-a206-b282a4830cbf';

describe('waitForJob through seeded faults (ELMA simulator)', () => {
  it('200 waits through 503s, drops, slow and truncated answers all end in the task’s true state, within the retry budget, leaking nothing', async () => {
    const outcomes = ['succeeded', 'failed'] as const;
    const expected = { succeeded: 'DONE', failed: 'ERROR' } as const;
    let sequence = 0;
    const resources = activeResources();
    // Tasks start their lives together when the waits begin, so every wait polls through the faults.
    const clock = pausedClock();
    const sim = await startElmaRpaSimulator({
      now: clock.now,
      queuedMs: 30,
      runningMs: 400,
      // Tasks alternate between success and failure in creation order, so every waiter knows its end.
      outcome: () => outcomes[sequence++ % 2] ?? 'succeeded',
    });
    try {
      const starter = createElmaRpaClient({ baseUrl: sim.url, ...sim.credentials });
      const tasks: Array<{ id: number; expected: string }> = [];
      for (let i = 0; i < 200; i++) {
        const task = await starter.createTask({ process: PROCESS, context: { i } });
        tasks.push({ id: task.id, expected: expected[outcomes[i % 2] ?? 'succeeded'] });
      }
      // Requests slower than 150 ms are given up and retried: the simulator's slow answers take 300.
      const client = createElmaRpaClient({ baseUrl: sim.url, ...sim.credentials }, { timeoutMs: 150 });
      const source = countingSource(client);
      const before = sim.requestCount;
      clock.start();
      sim.setChaos({ seed: 7, rate: 0.3, slowMs: 300, retryAfterSeconds: 0 });
      const finals = await Promise.all(
        tasks.map((task) => waitForJob(source, task.id, { minDelayMs: 20, maxDelayMs: 80, timeoutMs: 20_000 })),
      );
      expect(finals.map((f) => f.vendorStatus)).toEqual(tasks.map((t) => t.expected));
      expect(finals.filter((f) => f.state === 'failed').every((f) => f.detail?.startsWith('[ERR] '))).toBe(true);
      expect(sim.faultCount).toBeGreaterThan(50);
      // Budget: each poll is one request plus at most 2 retries.
      const requests = sim.requestCount - before;
      expect(requests).toBeLessThanOrEqual(3 * source.polls);
      console.info(
        `[reliability] elma-rpa: ${finals.length} waits, ${source.polls} polls, ${requests} requests, ${sim.faultCount} faults survived`,
      );
    } finally {
      await sim.close();
    }
    expect(await leakedResources(resources)).toEqual({});
  }, 60_000);

  it('a create whose connection drops is not sent again', async () => {
    const sim = await startElmaRpaSimulator();
    try {
      const client = createElmaRpaClient({ baseUrl: sim.url, ...sim.credentials });
      sim.setChaos({ seed: 1, rate: 1, kinds: ['drop'] });
      const before = sim.requestCount;
      await expect(client.createTask({ process: PROCESS, context: {} })).rejects.toBeInstanceOf(ConnectionError);
      expect(sim.requestCount - before).toBe(1);
    } finally {
      await sim.close();
    }
  });
});
