// One vendor's simulator for the fault tests: started on 127.0.0.1 with a given job lifecycle, a
// session connected to it, jobs started through the vendor's own API, and each job's true end read
// straight from the simulator (no proxy, no chaos) to compare watches with.
import type { ClientOptions, JobState } from '@jobwire/core';
import type { Settings, VendorDefinition, VendorSession } from '@jobwire/core/definition';
import type { SimOutcome, Simulator } from '@jobwire/core/simulator';

/** A running simulator of one vendor and a session on it. */
export interface SimulatedVendor {
  /** The vendor's id. */
  readonly id: string;
  /** The simulator. */
  readonly simulator: Simulator;
  /** The settings that reach it (URL and credentials). */
  readonly settings: Settings;
  /** A session connected straight to it. */
  readonly session: VendorSession;
  /** Starts `count` jobs (the demo start) and resolves with their ids, in order. */
  startJobs(count: number): Promise<string[]>;
  /** The job's state as the simulator has it now, read directly. */
  stateOf(id: string): Promise<JobState>;
  /** Stops the simulator. */
  close(): Promise<void>;
}

/** Starts `definition`'s simulator: jobs queued `queuedMs`, running `runningMs`, then ending as `outcome` says. */
export async function startSimulatedVendor(
  definition: VendorDefinition,
  lifecycle: { queuedMs: number; runningMs: number; outcome: (sequence: number) => SimOutcome },
  clientOptions: ClientOptions = {},
): Promise<SimulatedVendor> {
  const loaded = await definition.simulator();
  const simulator = await loaded.start({
    queuedMs: lifecycle.queuedMs,
    runningMs: lifecycle.runningMs,
    outcome: ({ sequence }) => lifecycle.outcome(sequence),
  });
  const settings = loaded.settings(simulator);
  const session = definition.connect(settings, clientOptions);
  return {
    id: definition.id,
    simulator,
    settings,
    session,
    async startJobs(count) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) ids.push(await session.startJob(definition.start.demo));
      return ids;
    },
    async stateOf(id) {
      return (await session.getJobStatus(id)).state;
    },
    close: () => simulator.close(),
  };
}
