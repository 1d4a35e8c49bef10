import { describe, expect, it } from 'vitest';
import { ConnectionError, createAsperaOrchestratorClient } from '../src/index.js';
import { startAsperaOrchestratorSimulator } from '../src/simulator.js';

// Waits through chaos, and a start not repeated, are the shared contract's (test/contract.test.ts).
// What is Aspera's own: its writes (start, cancel, reset) are GET requests, and still never repeated.
describe('writes that are GET requests (Aspera Orchestrator simulator)', () => {
  it('starts, cancels and resets (GETs that write) whose connections drop are not sent again', async () => {
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
      const writes = [
        () => client.cancelWorkOrder(9001),
        () => client.resetWorkOrder(9001),
        () => client.cancelWorkStep(46001),
        () => client.resetWorkStep(46001),
        () => client.cancelJob({ workOrderId: 9001 }),
      ];
      for (const [i, write] of writes.entries()) {
        await expect(write()).rejects.toBeInstanceOf(ConnectionError);
        expect(sim.requestCount - before).toBe(i + 2);
      }
    } finally {
      await sim.close();
    }
  });
});
