import { waitForJob } from '@jobwire/core';
import { activeResources, countingSource, leakedResources, pausedClock } from '@jobwire/testkit';
import { describe, expect, it } from 'vitest';
import { ConnectionError, createAsperaOrchestratorClient } from '../src/index.js';
import { startAsperaOrchestratorSimulator } from '../src/simulator.js';

describe('waitForJob through seeded faults (Aspera Orchestrator simulator)', () => {
  it('200 waits, work orders and steps, XML and JSON, through 503s, drops, slow and truncated answers end in their true state, within the retry budget, leaking nothing', async () => {
    const outcomes = ['succeeded', 'failed', 'cancelled'] as const;
    const resources = activeResources();
    // Work orders start their lives together when the waits begin, so every wait polls through the faults.
    const clock = pausedClock();
    const sim = await startAsperaOrchestratorSimulator({
      now: clock.now,
      queuedMs: 30,
      runningMs: 400,
      // The n-th work order (from 1) ends outcomes[n % 3], so every waiter knows the true final state.
      outcome: ({ sequence }) => outcomes[sequence % 3] ?? 'succeeded',
    });
    try {
      const auth = { username: sim.credentials.username, password: sim.credentials.password };
      const starter = createAsperaOrchestratorClient({ baseUrl: sim.url, auth });
      const orders: Array<{ id: string; expected: (typeof outcomes)[number] }> = [];
      for (let n = 1; n <= 200; n++) {
        orders.push({ id: (await starter.startWorkOrder(256)).id, expected: outcomes[n % 3] ?? 'succeeded' });
      }
      // A cancelled outcome is the simulator's own cancel: ask for it while the work order runs.
      // Requests slower than 400 ms are given up and retried: the simulator's slow answers take 800 (the
      // margin keeps ordinary answers on a busy machine under the timeout).
      const json = createAsperaOrchestratorClient({ baseUrl: sim.url, auth }, { timeoutMs: 400 });
      const xml = createAsperaOrchestratorClient({ baseUrl: sim.url, auth }, { timeoutMs: 400, format: 'xml' });
      const sources = [countingSource(json), countingSource(xml)] as const;
      const before = sim.requestCount;
      clock.start();
      sim.setChaos({ seed: 11, rate: 0.3, slowMs: 800, retryAfterSeconds: 0 });
      const finals = await Promise.all(
        orders.map((order, i) => {
          const source = sources[i % 2] ?? sources[0];
          // Every third waiter watches the last step instead of the whole work order.
          const ref = i % 3 === 0 ? { workOrderId: order.id, stepName: 'Create faspex package' } : { workOrderId: order.id };
          return waitForJob(source, ref, { minDelayMs: 20, maxDelayMs: 80, timeoutMs: 20_000 });
        }),
      );
      expect(finals.map((f) => f.state)).toEqual(orders.map((o) => o.expected));
      expect(sim.faultCount).toBeGreaterThan(20);
      // Budget: each poll is one request plus at most 2 retries.
      const polls = sources[0].polls + sources[1].polls;
      const requests = sim.requestCount - before;
      expect(requests).toBeLessThanOrEqual(3 * polls);
      console.info(
        `[reliability] aspera-orchestrator: ${finals.length} waits, ${polls} polls, ${requests} requests, ${sim.faultCount} faults survived`,
      );
    } finally {
      await sim.close();
    }
    expect(await leakedResources(resources)).toEqual({});
  }, 60_000);

  it('a start (a GET that writes) whose connection drops is not sent again', async () => {
    const sim = await startAsperaOrchestratorSimulator();
    try {
      const client = createAsperaOrchestratorClient({
        baseUrl: sim.url,
        auth: { type: 'query', login: sim.credentials.username, apiKey: sim.credentials.apiKey },
      });
      sim.setChaos({ seed: 1, rate: 1, kinds: ['drop'] });
      const before = sim.requestCount;
      const error = await client.startWorkOrder(256).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ConnectionError);
      expect(String((error as Error).message)).not.toContain(sim.credentials.apiKey);
      expect(sim.requestCount - before).toBe(1);
      await expect(client.cancelWorkOrder(9001)).rejects.toBeInstanceOf(ConnectionError);
      expect(sim.requestCount - before).toBe(2);
    } finally {
      await sim.close();
    }
  });
});
