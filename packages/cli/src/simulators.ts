import { type SimOutcome, type SimulatedVendor, type Simulator, simulatedVendors, startSimulator } from '@jobwire/testkit';
import { UsageError } from './errors.js';
import { adapterFor, adapters } from './vendors/index.js';
import type { Settings, VendorAdapter } from './vendors/types.js';

export interface SimulatorFlags {
  queued?: number;
  running?: number;
  outcome?: SimOutcome;
}

export interface RunningSimulator {
  adapter: VendorAdapter;
  simulator: Simulator;
  /** What a session needs to reach it. */
  settings: Settings;
}

/** The vendors named (all that have a simulator when none is), with their adapters. */
export function simulatorAdapters(vendors: readonly string[]): VendorAdapter[] {
  const chosen = vendors.length > 0 ? vendors.map(adapterFor) : adapters;
  const missing = chosen.filter((a) => !simulatedVendors.includes(a.vendor as SimulatedVendor));
  if (vendors.length > 0 && missing.length > 0) {
    throw new UsageError(`no simulator for ${missing.map((a) => a.vendor).join(', ')}`);
  }
  return chosen.filter((a) => !missing.includes(a));
}

/** Starts one simulator per adapter, all on 127.0.0.1; closes the ones started if any fails. */
export async function startSimulators(chosen: readonly VendorAdapter[], flags: SimulatorFlags): Promise<RunningSimulator[]> {
  const started = await Promise.allSettled(
    chosen.map(async (adapter) => {
      const simulator = await startSimulator(adapter.vendor as SimulatedVendor, {
        queuedMs: flags.queued,
        runningMs: flags.running,
        outcome: flags.outcome,
      });
      return { adapter, simulator, settings: adapter.simulatorSettings(simulator) };
    }),
  );
  const running = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const failure = started.find((r) => r.status === 'rejected');
  if (failure) {
    await closeSimulators(running);
    throw failure.reason;
  }
  return running;
}

export async function closeSimulators(running: readonly RunningSimulator[]): Promise<void> {
  await Promise.all(running.map((r) => r.simulator.close()));
}
