/**
 * `@jobwire/elma-rpa/simulator` (Node only): a stand-in ELMA RPA Orchestrator on 127.0.0.1 for
 * tests, demos and benchmarks. Test tooling, not client code: kept out of the main entry, which
 * stays safe for browser bundles.
 *
 * @packageDocumentation
 */
export { type ElmaRpaSimulator, type ElmaRpaSimulatorOptions, startElmaRpaSimulator } from './simulator/server.js';
export type { ElmaTaskExtra } from './simulator/tasks.js';
