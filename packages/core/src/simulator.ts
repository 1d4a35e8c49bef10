// `@jobwire/core/simulator` (Node only): what every vendor's simulator is built from — a small HTTP
// server on 127.0.0.1 with routes and seeded chaos, the clock-driven job lifecycle, seeded ids —
// and the `Simulator` every `start<Vendor>Simulator` resolves with. Test tooling, not client code:
// kept out of the root entry, which must stay safe for browser bundles.

export { type Chaos, type ChaosKind, chaosWithFaultsFirst, createChaos } from './simulator/chaos.js';
export {
  type ChaosOptions,
  json,
  type Route,
  type RunningServer,
  type SimHandler,
  type SimRequest,
  type SimResponse,
  startHttpServer,
  xml,
} from './simulator/http-server.js';
export { JobBook, type LifecycleOptions, type SimJob, type SimOutcome, type SimPhase } from './simulator/lifecycle.js';
export { type LoopbackServer, listenOnLoopback } from './simulator/loopback.js';
export { hexId, seededRandom } from './simulator/random.js';
export type { Simulator, SimulatorOptions } from './simulator/types.js';
