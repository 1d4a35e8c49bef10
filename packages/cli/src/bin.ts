#!/usr/bin/env node
import { run } from './program.js';

const argv = process.argv.slice(2);

/**
 * Node's fetch parses HTTP with llhttp compiled to WebAssembly, and V8 recompiles it with its
 * optimising tier in the background; a process that is done waits for that recompile before it
 * exits (~60-100 ms, more than a whole `jobwire status` call takes). A command line makes a handful
 * of requests: the baseline compiler is plenty. Set before the first fetch, in this process only
 * (not in `run()`), and not for help or the version, which make no request and need not load node:v8.
 */
async function baselineWasmOnly(): Promise<void> {
  if (argv.length === 0 || argv.some((arg) => ['--help', '-h', '--version', '-V', 'help'].includes(arg))) return;
  const { setFlagsFromString } = await import('node:v8');
  setFlagsFromString('--liftoff-only');
}

// Ctrl-C (or a TERM from a supervisor) aborts the running command, which cleans up and exits.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());

// No top-level await: the package's build also emits a CommonJS copy of every entry.
void baselineWasmOnly()
  .then(() => run(argv, undefined, controller.signal))
  .then((code) => {
    process.exitCode = code;
  });
