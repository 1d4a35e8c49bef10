// The five vendors' simulators for watch tests: each started through its package's definition on
// 127.0.0.1, with a connected session (a `StatusReader`) and a way to start the demo job.
import type { VendorDefinition, VendorSession } from '@jobwire/core/definition';
import type { SimOutcome } from '@jobwire/core/simulator';

/** Every vendor package's definition, loaded from the workspace. */
export async function vendorDefinitions(): Promise<VendorDefinition[]> {
  const modules = await Promise.all([
    import('@jobwire/alteryx-server/definition'),
    import('@jobwire/aspera-orchestrator/definition'),
    import('@jobwire/elma-rpa/definition'),
    import('@jobwire/nagra-apubi/definition'),
    import('@jobwire/truesight-orchestration/definition'),
  ]);
  return modules.map((module) => module.definition);
}

/** A running simulator of one vendor and a session connected to it. */
export interface SimulatedVendor {
  readonly definition: VendorDefinition;
  readonly session: VendorSession;
  /** The credentials the session uses (for the secret scan). */
  readonly secrets: string[];
  /** Starts the vendor's demo job and resolves with its id. */
  startJob(): Promise<string>;
  close(): Promise<void>;
}

/** Starts `definition`'s simulator (jobs end with `outcome`) and connects a session to it. */
export async function simulate(
  definition: VendorDefinition,
  options: { outcome?: SimOutcome; queuedMs?: number; runningMs?: number } = {},
): Promise<SimulatedVendor> {
  const kit = await definition.simulator();
  const simulator = await kit.start({
    queuedMs: options.queuedMs ?? 40,
    runningMs: options.runningMs ?? 80,
    outcome: options.outcome ?? 'succeeded',
  });
  const settings = kit.settings(simulator);
  const session = definition.connect(settings);
  const secretKeys = new Set(definition.settings.filter((setting) => setting.secret).map((setting) => setting.key));
  const secrets = Object.entries(settings)
    .filter(([key, value]) => secretKeys.has(key) && typeof value === 'string' && value !== '')
    .map(([, value]) => value as string);
  return {
    definition,
    session,
    secrets,
    startJob: () => session.startJob(definition.start.demo),
    async close() {
      await session.close?.();
      await simulator.close();
    },
  };
}
