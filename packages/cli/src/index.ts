// The `jobwire` command as a library: run it in-process, or find the vendor packages it would use.
export { ExitCode, exitCodeForState } from './exit-codes.js';
export { exitCodeForError } from './failure.js';
export type { Io } from './io.js';
export { run } from './program.js';
export { type DiscoverOptions, discoverVendors, loadDefinition, type VendorPackage } from './vendors.js';
