import type { Settings, VendorDefinition } from '@jobwire/core/definition';
import type { SimOutcome, Simulator } from '@jobwire/core/simulator';
import { loadDefinition, type VendorPackage, vendorPackage } from './vendors.js';

/** How `simulate` (from its flags) and `demo` tell the simulators' jobs to behave. */
export interface SimulatorFlags {
  queued?: number | undefined;
  running?: number | undefined;
  outcome?: SimOutcome | undefined;
}

/** One simulator `simulate` or `demo` started. */
export interface RunningSimulator {
  definition: VendorDefinition;
  simulator: Simulator;
  /** What a session needs to reach it. */
  settings: Settings;
}

/** The definitions of the vendors named (every vendor installed when none is). */
export async function chosenDefinitions(
  vendors: readonly VendorPackage[],
  names: readonly string[],
): Promise<VendorDefinition[]> {
  const chosen = names.length > 0 ? names.map((name) => vendorPackage(vendors, name)) : vendors;
  return Promise.all(chosen.map(loadDefinition));
}

/** Starts one simulator per definition, all on 127.0.0.1; closes the ones started if any fails. */
export async function startSimulators(
  definitions: readonly VendorDefinition[],
  flags: SimulatorFlags,
): Promise<RunningSimulator[]> {
  const started = await Promise.allSettled(
    definitions.map(async (definition) => {
      const kit = await definition.simulator();
      const simulator = await kit.start({ queuedMs: flags.queued, runningMs: flags.running, outcome: flags.outcome });
      return { definition, simulator, settings: kit.settings(simulator) };
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

/** Stops every simulator given. */
export async function closeSimulators(running: readonly RunningSimulator[]): Promise<void> {
  await Promise.all(running.map((r) => r.simulator.close()));
}
