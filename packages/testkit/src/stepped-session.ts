import type { Settings, VendorDefinition, VendorSession } from '@jobwire/core/definition';
import type { LifecycleOptions, Simulator } from '@jobwire/core/simulator';

/** Options of `startSteppedSession`: the simulator's job lifecycle, the clock step and extra settings. */
export interface SteppedSessionOptions {
  /** Queued and running times of the simulator's jobs (simulated ms). */
  lifecycle?: Pick<LifecycleOptions, 'queuedMs' | 'runningMs' | 'outcome'>;
  /** Simulated ms the clock moves before each request the session sends (default 100). */
  stepMs?: number;
  /** Settings laid over the simulator's own (e.g. ids for probes, or a missing credential). */
  settings?: Settings;
}

/** A vendor's simulator on a stepped clock, and a session connected to it. */
export interface SteppedSession {
  /** The running simulator. */
  simulator: Simulator;
  /** The settings the session was connected with. */
  settings: Settings;
  /** The session (retries off, so each call is one request and one clock step). */
  session: VendorSession;
  /** Stops the simulator. */
  close(): Promise<void>;
}

/**
 * A vendor's simulator, started through its definition on a simulated clock that moves `stepMs` on
 * before every request, and a session connected from its settings: what each call sees depends on
 * how many requests were made, never on how fast the machine is. For a definition's own tests.
 */
export async function startSteppedSession(
  definition: VendorDefinition,
  options: SteppedSessionOptions = {},
): Promise<SteppedSession> {
  let clock = Date.UTC(2026, 0, 5, 9, 0, 0);
  const step = options.stepMs ?? 100;
  const kit = await definition.simulator();
  const simulator = await kit.start({ ...options.lifecycle, now: () => clock });
  const settings = { ...kit.settings(simulator), ...options.settings };
  const fetch = (request: Request): Promise<Response> => {
    clock += step;
    return globalThis.fetch(request);
  };
  return { simulator, settings, session: definition.connect(settings, { fetch, retry: false }), close: () => simulator.close() };
}
