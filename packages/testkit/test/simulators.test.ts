/**
 * `startSimulator(vendor)` and the deprecated `start<Vendor>Simulator` load each vendor package's
 * simulator at run time (the testkit does not depend on them; Vitest resolves them to their sources).
 */
import { describe, expect, it } from 'vitest';
import {
  simulatedVendors,
  startAlteryxSimulator,
  startAsperaOrchestratorSimulator,
  startElmaRpaSimulator,
  startNagraApubiSimulator,
  startSimulator,
  startTrueSightSimulator,
} from '../src/index.js';

describe('startSimulator', () => {
  for (const vendor of simulatedVendors) {
    it(`${vendor}: starts the simulator of @jobwire/${vendor}/definition on 127.0.0.1`, async () => {
      const sim = await startSimulator(vendor, { queuedMs: 10, runningMs: 10 });
      try {
        expect(sim.vendor).toBe(vendor);
        expect(new URL(sim.url).hostname).toBe('127.0.0.1');
        expect(Object.keys(sim.credentials).length).toBeGreaterThan(0);
        for (const value of Object.values(sim.credentials)) expect(typeof value).toBe('string');
        expect(sim.requestCount).toBe(0);
        expect(sim.faultCount).toBe(0);
      } finally {
        await sim.close();
      }
    });
  }

  it('says what to install for a vendor whose package is not there', async () => {
    await expect(startSimulator('no-such-vendor')).rejects.toThrow(
      /could not load @jobwire\/no-such-vendor\/definition .*is @jobwire\/no-such-vendor installed beside @jobwire\/testkit\?/,
    );
  });

  it('refuses a vendor name that is not a package name', async () => {
    await expect(startSimulator('../core')).rejects.toThrow(RangeError);
  });
});

describe('deprecated start<Vendor>Simulator', () => {
  it('each loads its vendor package and keeps its own extras', async () => {
    const alteryx = await startAlteryxSimulator({ clientSecret: 'deprecated-path-secret' });
    const aspera = await startAsperaOrchestratorSimulator();
    const elma = await startElmaRpaSimulator({ authToken: 'deprecated-path-token' });
    const truesight = await startTrueSightSimulator();
    const apubi = await startNagraApubiSimulator();
    try {
      expect(alteryx.vendor).toBe('alteryx-server');
      expect(alteryx.credentials.clientSecret).toBe('deprecated-path-secret');
      expect(typeof alteryx.expireTokens).toBe('function');
      expect(aspera.vendor).toBe('aspera-orchestrator');
      expect(elma.vendor).toBe('elma-rpa');
      expect(elma.credentials.authToken).toBe('deprecated-path-token');
      expect(typeof elma.approveSystem).toBe('function');
      expect(truesight.vendor).toBe('truesight-orchestration');
      expect(typeof truesight.expireTokens).toBe('function');
      expect(apubi.vendor).toBe('nagra-apubi');
    } finally {
      await Promise.all([alteryx, aspera, elma, truesight, apubi].map((sim) => sim.close()));
    }
  });
});
