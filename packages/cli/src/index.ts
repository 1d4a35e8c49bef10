// The `jobwire` command as a library: run it in-process, or reuse its vendor adapters.
export { ExitCode, exitCodeForError, exitCodeForState } from './exit-codes.js';
export type { Io } from './io.js';
export { run } from './program.js';
export type { CallOptions, ClientTuning, Setting, Settings, VendorAdapter, VendorSession } from './vendors/index.js';
export { adapterFor, adapters } from './vendors/index.js';
