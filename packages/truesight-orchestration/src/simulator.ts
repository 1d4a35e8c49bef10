// `@jobwire/truesight-orchestration/simulator` (Node only): a stand-in for TrueSight Orchestration's
// REST service on 127.0.0.1, for tests, demos and benchmarks. Built on `@jobwire/core/simulator`; not
// part of the client, so the root entry (and any browser bundle) never loads it.
export {
  startTrueSightSimulator,
  type TrueSightJobExtra,
  type TrueSightSimulator,
  type TrueSightSimulatorCredentials,
  type TrueSightSimulatorOptions,
} from './simulator/server.js';
