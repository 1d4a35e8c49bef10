// `@jobwire/nagra-apubi/simulator` (Node only): a stand-in APUBI publishing server on 127.0.0.1, for
// tests, demos and benchmarks. It is the package's own server kit with tasks on core's job clock
// (`@jobwire/core/simulator`); not part of the client, so the root entry never loads it.
export {
  type NagraApubiSimulator,
  type NagraApubiSimulatorCredentials,
  type NagraApubiSimulatorOptions,
  type NagraApubiTaskExtra,
  startNagraApubiSimulator,
} from './simulator/server.js';
