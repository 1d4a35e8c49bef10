#!/usr/bin/env node
import { run } from './program.js';

// Ctrl-C (or a TERM from a supervisor) aborts the running command, which cleans up and exits.
const controller = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => controller.abort());

// No top-level await: this file is also built as CommonJS (beside the library entry), where it is not allowed.
void run(process.argv.slice(2), undefined, controller.signal).then((code) => {
  process.exitCode = code;
});
