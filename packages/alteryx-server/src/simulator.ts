// `@jobwire/alteryx-server/simulator` (Node only): a stand-in for Alteryx Server API v3 on 127.0.0.1,
// for tests, demos and benchmarks. Built on `@jobwire/core/simulator`; not part of the client, so
// the root entry (and any browser bundle) never loads it.
export {
  type AlteryxJobExtra,
  type AlteryxSimulator,
  type AlteryxSimulatorCredentials,
  type AlteryxSimulatorOptions,
  startAlteryxSimulator,
} from './simulator/server.js';
