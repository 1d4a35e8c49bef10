import { describe, expect, it } from 'vitest';
import { ConnectionError, createNagraApubiClient } from '../src/index.js';
import { startNagraApubiSimulator } from '../src/simulator.js';

// Waits through chaos, transient errors and writes sent once are the shared contract's
// (test/contract.test.ts); what stays here is APUBI's opt-in to repeating a write.
describe('writes under faults (APUBI simulator)', () => {
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
